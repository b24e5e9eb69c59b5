package io.waiaas.bootstrap.architecture.bad.adapters.http;

import io.waiaas.bootstrap.architecture.bad.sdk.SdkRecord;

/** Fixture: a second adapter using the SDK too; two adapters sharing the SDK do not depend on each other. */
public final class HttpUsingSdk {
    /** Fixture. */
    public String status(SdkRecord record) {
        return record.status();
    }
}
