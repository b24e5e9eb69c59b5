package io.waiaas.bootstrap.architecture.bad.sdk;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Fixture: a wire record of the SDK, on the JDK and Jackson only. */
@JsonPropertyOrder({"status", "version"})
public record SdkRecord(String status, String version) {}
