package io.waiaas.bootstrap.architecture.bad.adapters.mcp;

import io.waiaas.bootstrap.architecture.bad.application.port.in.ListValues;
import io.waiaas.bootstrap.architecture.bad.sdk.SdkRecord;

/**
 * Fixture: an adapter that drives an in-port and answers with the SDK's record; using the SDK is not depending on
 * another adapter.
 */
public final class McpTools {
    /** Fixture. */
    public SdkRecord answer(ListValues service) {
        return new SdkRecord("ok", String.valueOf(service.values().size()));
    }
}
