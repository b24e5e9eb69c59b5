package io.waiaas.adapters.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.1:3100", "localhost", "LOCALHOST:8080", "[::1]", "[::1]:3100"})
    void acceptsLoopbackNamesWithOrWithoutPort(String host) {
        assertTrue(HostGuard.isLoopback(host));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "evil.example",
                "evil.example:3100",
                "127.0.0.1.evil.example",
                "localhost.evil.example",
                "127.0.0.2",
                "[::2]",
                "[::1",
                "localhost:",
                "localhost:abc",
                "localhost:3100:1",
                "",
                "0.0.0.0",
                "[::1]evil",
                "localhost@evil.example"
            })
    void refusesEveryOtherName(String host) {
        assertFalse(HostGuard.isLoopback(host));
    }
}
