package io.waiaas.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigKeysTest {

    @Test
    void givesEveryKeyADefaultThatFitsItsOwnType() {
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            boolean optional = Set.of(
                            ConfigKeys.INSTALL_ROOT,
                            ConfigKeys.UPDATE_TOKEN_FILE,
                            ConfigKeys.UPDATE_PROXY,
                            ConfigKeys.UPDATE_WINDOW,
                            ConfigKeys.NOTIFY_WEBHOOK_URL,
                            ConfigKeys.NOTIFY_WEBHOOK_TOKEN_FILE)
                    .contains(key);
            if (key.canonical().isEmpty() && !optional) {
                assertTrue(key.defaultValue().isPresent(), key.display());
            }
        }
    }

    @Test
    void namesEveryKeyByADistinctEnvironmentVariable() {
        Set<String> names = ConfigKeys.ALL.stream().map(ConfigKey::envName).collect(Collectors.toSet());

        assertEquals(ConfigKeys.ALL.size(), names.size());
        assertTrue(names.contains("WAIAAS_UPDATE_CHECK_INTERVAL"));
        assertTrue(names.contains("WAIAAS_DAEMON_SHUTDOWN_TIMEOUT"));
    }

    @Test
    void knowsTheFiveSectionsOfTheSpecificationMcpAndNotify() {
        assertEquals(
                List.of("daemon", "database", "update", "backup", "log", "install", "mcp", "notify"),
                ConfigKeys.SECTIONS);
    }

    @Test
    void letsTheAliasStandForUpdateCheck() {
        assertEquals(ConfigKeys.UPDATE_CHECK, ConfigKeys.DAEMON_UPDATE_CHECK.target());
        assertEquals(ConfigKeys.UPDATE_CHECK, ConfigKeys.UPDATE_CHECK.target());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "LOCALHOST",
                "127.0.0.1",
                "127.1.2.3",
                "127.255.255.255",
                "[::1]",
                "[0:0:0:0:0:0:0:1]"
            })
    void treatsLoopbackHostsAsLoopback(String host) {
        assertTrue(ValueType.RegistryUrl.isLoopback(host));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost.example",
                "127.0.0.256",
                "127.0.0",
                "128.0.0.1",
                "10.0.0.1",
                "[::2]",
                "[fe80::1]",
                "example.org",
                "127.0.0.1.nip.io"
            })
    void treatsOtherHostsAsRemote(String host) {
        assertFalse(ValueType.RegistryUrl.isLoopback(host));
    }

    @Test
    void quotesNamesThatAreNotBareKeys() {
        assertEquals("port", Display.name("port"));
        assertEquals("\"a b\"", Display.name("a b"));
        assertEquals("\"tab\\there\"", Display.name("tab\there"));
        assertEquals("\"\\u2028\"", Display.name("\u2028"));
    }

    @Test
    void shortensLongValues() {
        String shown = Display.quoted("x".repeat(500));

        assertEquals("\"" + "x".repeat(60) + "\"...", shown);
    }
}
