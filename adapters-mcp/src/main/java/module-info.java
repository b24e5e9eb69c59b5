/**
 * The MCP face of waiaas: a stdio MCP server on the MCP Java SDK whose tools drive the application's in-ports and
 * read the daemon through the SDK's {@code WaiaasClient}.
 */
module io.waiaas.adapters.mcp {
    requires io.waiaas.application;
    requires io.waiaas.sdk;
    requires io.waiaas.platform;
    requires io.modelcontextprotocol.sdk.mcp.core;
    requires io.modelcontextprotocol.sdk.mcp.json.jackson2;
    requires com.fasterxml.jackson.databind;
    // mcp-core and mcp-json-jackson2 are automatic modules, which resolve no named module themselves: the ones they
    // use at run time are required here so the module system resolves them (slf4j binds slf4j-jdk14 by its service).
    requires com.networknt.schema;
    requires org.slf4j;

    exports io.waiaas.adapters.mcp;
}
