/**
 * The MCP face of waiaas: a stdio MCP server on the MCP Java SDK whose tools drive the application's in-ports and
 * read the daemon through the SDK's {@code WaiaasClient}.
 */
module io.waiaas.adapters.mcp {
    requires io.waiaas.application;
    requires io.waiaas.sdk;
    requires io.modelcontextprotocol.sdk.mcp.core;
    requires io.modelcontextprotocol.sdk.mcp.json.jackson2;
    requires com.fasterxml.jackson.databind;

    exports io.waiaas.adapters.mcp;
}
