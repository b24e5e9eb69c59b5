package io.waiaas.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.domain.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigEnvironmentTest {

    @TempDir
    Path dataDir;

    @Test
    void overridesEveryKeyFromItsEnvironmentVariable() {
        WaiaasConfig config = ConfigLoader.load(
                dataDir,
                Map.ofEntries(
                        Map.entry("WAIAAS_DAEMON_PORT", "3200"),
                        Map.entry("WAIAAS_DAEMON_HOSTNAME", "0.0.0.0"),
                        Map.entry("WAIAAS_DAEMON_SHUTDOWN_TIMEOUT", "45"),
                        Map.entry("WAIAAS_DAEMON_RESTORE_ON_DOWNGRADE", "true"),
                        Map.entry("WAIAAS_DAEMON_METRICS", "true"),
                        Map.entry("WAIAAS_DATABASE_PATH", "other/w.db"),
                        Map.entry("WAIAAS_UPDATE_CHECK", "false"),
                        Map.entry("WAIAAS_UPDATE_CHECK_INTERVAL", "7200"),
                        Map.entry("WAIAAS_UPDATE_REGISTRY", "http://127.0.0.1:4873/"),
                        Map.entry("WAIAAS_UPDATE_PACKAGE", "@acme/waiaas"),
                        Map.entry("WAIAAS_UPDATE_CHANNEL", "next"),
                        Map.entry("WAIAAS_BACKUP_KEEP", "12"),
                        Map.entry("WAIAAS_INSTALL_ROOT", "/opt/waiaas")));

        assertEquals(new WaiaasConfig.Daemon("0.0.0.0", 3200, Duration.ofSeconds(45), true, true), config.daemon());
        assertEquals(dataDir.resolve("other/w.db"), config.database().path());
        assertEquals(
                new WaiaasConfig.Update(
                        false, Duration.ofSeconds(7200), URI.create("http://127.0.0.1:4873"), "@acme/waiaas", "next"),
                config.update());
        assertEquals(12, config.backup().keep());
        assertEquals(Optional.of(Path.of("/opt/waiaas")), config.install().root());
    }

    /** LOGS-01: the log's rotation, from the file and from the environment, with its defaults. */
    @Test
    void readsTheLogRotationFromTheFileAndTheEnvironment() throws IOException {
        assertEquals(
                new WaiaasConfig.Log(10L << 20, 5),
                ConfigLoader.load(dataDir, Map.of()).log());
        write("[log]\nmax_size = \"512KiB\"\nkeep = 3\n");
        assertEquals(
                new WaiaasConfig.Log(512L << 10, 3),
                ConfigLoader.load(dataDir, Map.of()).log());
        assertEquals(
                new WaiaasConfig.Log(2048, 3),
                ConfigLoader.load(dataDir, Map.of("WAIAAS_LOG_MAX_SIZE", "2048"))
                        .log());
        write("[log]\nmax_size = 4096\n");
        assertEquals(
                new WaiaasConfig.Log(4096, 5),
                ConfigLoader.load(dataDir, Map.of()).log());
        write("[log]\nmax_size = \"1 GiB\"\n");
        assertEquals(
                new WaiaasConfig.Log(1L << 30, 5),
                ConfigLoader.load(dataDir, Map.of()).log());
    }

    @Test
    void letsTheEnvironmentWinOverTheFileKeyByKey() throws IOException {
        write("[daemon]\nport = 3300\nhostname = \"0.0.0.0\"\n[update]\ncheck = true\n");

        WaiaasConfig config =
                ConfigLoader.load(dataDir, Map.of("WAIAAS_DAEMON_PORT", "3200", "WAIAAS_UPDATE_CHECK", "false"));

        assertEquals(3200, config.daemon().port());
        assertEquals("0.0.0.0", config.daemon().hostname());
        assertFalse(config.update().check());
    }

    @Test
    void refusesABadValueInTheFileEvenWhenTheEnvironmentOverridesIt() throws IOException {
        write("[daemon]\nport = 1\n");

        ConfigException refusal = assertThrows(
                ConfigException.class, () -> ConfigLoader.load(dataDir, Map.of("WAIAAS_DAEMON_PORT", "3200")));

        assertEquals("config.toml: [daemon] port must be an integer from 1024 to 65535, was 1", refusal.getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            WAIAAS_DAEMON_PORT             | 70000  | must be an integer from 1024 to 65535, was "70000"
            WAIAAS_DAEMON_PORT             | 1023   | must be an integer from 1024 to 65535, was "1023"
            WAIAAS_DAEMON_PORT             | 3200x  | must be an integer from 1024 to 65535, was "3200x"
            WAIAAS_DAEMON_PORT             | ' 3200' | must be an integer from 1024 to 65535, was " 3200"
            WAIAAS_DAEMON_PORT             | 99999999999999999999 | must be an integer from 1024 to 65535, was "99999999999999999999"
            WAIAAS_DAEMON_HOSTNAME         | ::     | must be "127.0.0.1" or "0.0.0.0", was "::"
            WAIAAS_DAEMON_SHUTDOWN_TIMEOUT | 301    | must be a whole number of seconds from 5 to 300, was "301"
            WAIAAS_UPDATE_CHECK            | yes    | must be true or false, was "yes"
            WAIAAS_UPDATE_CHECK            | 0      | must be true or false, was "0"
            WAIAAS_UPDATE_CHECK_INTERVAL   | 60     | must be a whole number of seconds from 3600 to 604800, was "60"
            WAIAAS_UPDATE_REGISTRY         | http://registry.npmjs.org | must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "http://registry.npmjs.org"
            WAIAAS_UPDATE_REGISTRY         | https://u:secret@npm.example:8443/npm | must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "https://***@npm.example:8443/npm"
            WAIAAS_UPDATE_PACKAGE          | A B    | must be an npm package name such as "@waiaas/cli", was "A B"
            WAIAAS_UPDATE_CHANNEL          | 2.0.0  | must be a dist-tag such as "latest" or "next", was "2.0.0"
            WAIAAS_BACKUP_KEEP             | 101    | must be an integer from 1 to 100, was "101"
            WAIAAS_LOG_MAX_SIZE            | 10MB   | must be a size from 1KiB to 1GiB such as "10MiB" (units B, KiB, MiB, GiB), was "10MB"
            WAIAAS_LOG_MAX_SIZE            | 2GiB   | must be a size from 1KiB to 1GiB such as "10MiB" (units B, KiB, MiB, GiB), was "2GiB"
            WAIAAS_LOG_MAX_SIZE            | 1023   | must be a size from 1KiB to 1GiB such as "10MiB" (units B, KiB, MiB, GiB), was "1023"
            WAIAAS_LOG_KEEP                | 0      | must be an integer from 1 to 100, was "0"
            WAIAAS_DAEMON_UPDATE_CHECK     | nope   | must be true or false, was "nope"
            """)
    void refusesAnInvalidValueNamingTheVariable(String variable, String value, String problem) {
        assertRefused(Map.of(variable, value), "environment: " + variable + " " + problem);
    }

    @Test
    void quotesAValueWithControlCharactersSoTheMessageStaysOnOneLine() {
        assertRefused(
                Map.of("WAIAAS_UPDATE_CHANNEL", "next\nrm -rf"),
                "environment: WAIAAS_UPDATE_CHANNEL must be a dist-tag such as \"latest\" or \"next\","
                        + " was \"next\\nrm -rf\"");
    }

    @Test
    void acceptsBooleansInAnyLetterCase() {
        assertFalse(ConfigLoader.load(dataDir, Map.of("WAIAAS_UPDATE_CHECK", "FALSE"))
                .update()
                .check());
        assertTrue(ConfigLoader.load(dataDir, Map.of("WAIAAS_UPDATE_CHECK", "True"))
                .update()
                .check());
    }

    @Test
    void leavesTheRegistryTokenVariableToTheRegistryAndReadsTheOtherAccessKeys() {
        WaiaasConfig.Update update = ConfigLoader.load(
                        dataDir,
                        Map.of(
                                "WAIAAS_UPDATE_TOKEN", "npm_abc",
                                "WAIAAS_UPDATE_PROXY", "http://127.0.0.1:3128",
                                "WAIAAS_UPDATE_REQUIRE_SIGNATURES", "true",
                                "WAIAAS_UPDATE_TOKEN_FILE", "/run/secrets/npm"))
                .update();
        assertEquals(Optional.of(Path.of("/run/secrets/npm")), update.tokenFile());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:3128")), update.proxy());
        assertTrue(update.requireSignatures());
    }

    @Test
    void refusesAnUnknownVariableInAKnownSectionNamingIt() {
        assertRefused(Map.of("WAIAAS_DAEMON_PROT", "3100"), "environment: unknown variable WAIAAS_DAEMON_PROT");
    }

    @Test
    void refusesAnUnknownVariableInAKnownSectionEvenWhenItIsEmpty() {
        assertRefused(Map.of("WAIAAS_BACKUP_KEEPS", ""), "environment: unknown variable WAIAAS_BACKUP_KEEPS");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "WAIAAS_DATA_DIR",
                "WAIAAS_NO_UPDATE_NOTIFY",
                "WAIAAS_LAUNCHER",
                "WAIAAS_JAVA_OPTS",
                "WAIAAS_IN_CONTAINER",
                "WAIAAS_PORT",
                "WAIAAS_DAEMON",
                "WAIAAS_UPDATE",
                "waiaas_daemon_port",
                "CI"
            })
    void ignoresVariablesOutsideTheKnownSections(String variable) {
        assertEquals(WaiaasConfig.defaults(dataDir), ConfigLoader.load(dataDir, Map.of(variable, "garbage")));
    }

    @Test
    void treatsAnEmptyValueAsNotSet() throws IOException {
        write("[daemon]\nport = 3300\n");

        assertEquals(
                3300,
                ConfigLoader.load(dataDir, Map.of("WAIAAS_DAEMON_PORT", ""))
                        .daemon()
                        .port());
    }

    @Test
    void acceptsTheAliasVariable() {
        assertFalse(ConfigLoader.load(dataDir, Map.of("WAIAAS_DAEMON_UPDATE_CHECK", "false"))
                .update()
                .check());
    }

    @Test
    void refusesTheAliasVariableAndTheKeyVariableWhenTheyDisagreeNamingBoth() {
        assertRefused(
                Map.of("WAIAAS_DAEMON_UPDATE_CHECK", "false", "WAIAAS_UPDATE_CHECK", "true"),
                "environment: WAIAAS_DAEMON_UPDATE_CHECK=false disagrees with WAIAAS_UPDATE_CHECK=true;"
                        + " keep only WAIAAS_UPDATE_CHECK");
    }

    @Test
    void letsAnyVariableWinOverTheAliasOrTheKeyInTheFile() throws IOException {
        write("[daemon]\nupdate_check = false\n");
        assertTrue(ConfigLoader.load(dataDir, Map.of("WAIAAS_UPDATE_CHECK", "true"))
                .update()
                .check());

        write("[update]\ncheck = true\n");
        assertFalse(ConfigLoader.load(dataDir, Map.of("WAIAAS_DAEMON_UPDATE_CHECK", "false"))
                .update()
                .check());
    }

    @Test
    void reportsTheFirstBadVariableInNameOrder() {
        assertRefused(
                Map.of("WAIAAS_UPDATE_CHECK", "maybe", "WAIAAS_BACKUP_KEEP", "0"),
                "environment: WAIAAS_BACKUP_KEEP must be an integer from 1 to 100, was \"0\"");
    }

    private void write(String toml) throws IOException {
        Files.writeString(ConfigLoader.configFile(dataDir), toml);
    }

    private void assertRefused(Map<String, String> env, String message) {
        ConfigException refusal = assertThrows(ConfigException.class, () -> ConfigLoader.load(dataDir, env));
        assertEquals(message, refusal.getMessage());
        assertEquals(ErrorCode.FAILED, refusal.code());
        ConfigFileTest.assertOneLine(refusal.getMessage());
    }
}
