package io.waiaas.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.domain.AutoApply;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.MaintenanceWindow;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigFileTest {

    @TempDir
    Path dataDir;

    @Test
    void usesTheDefaultsWhenThereIsNoConfigFile() {
        WaiaasConfig config = ConfigLoader.load(dataDir, Map.of());

        assertEquals(WaiaasConfig.defaults(dataDir), config);
        assertEquals("127.0.0.1", config.daemon().hostname());
        assertEquals(3100, config.daemon().port());
        assertEquals(Duration.ofSeconds(30), config.daemon().shutdownTimeout());
        assertEquals(dataDir.resolve("data/waiaas.db"), config.database().path());
        assertTrue(config.update().check());
        assertEquals(Duration.ofSeconds(86400), config.update().checkInterval());
        assertEquals(URI.create("https://registry.npmjs.org"), config.update().registry());
        assertEquals("@waiaas/cli", config.update().packageName());
        assertEquals("latest", config.update().channel());
        assertEquals(5, config.backup().keep());
        assertEquals(Optional.empty(), config.install().root());
        assertFalse(config.daemon().metrics(), "/metrics is opt-in");
    }

    @Test
    void usesTheDefaultsForAnEmptyFileOrOneWithOnlyCommentsAndEmptySections() throws IOException {
        write("");
        assertEquals(WaiaasConfig.defaults(dataDir), ConfigLoader.load(dataDir, Map.of()));

        write("# nothing to see\n\n[daemon]\n[database]\n[update]\n[backup]\n[install]\n");
        assertEquals(WaiaasConfig.defaults(dataDir), ConfigLoader.load(dataDir, Map.of()));
    }

    @Test
    void readsEveryKeyOfAFullFile() throws IOException {
        write("""
                [daemon]
                port = 3200
                hostname = "0.0.0.0"
                shutdown_timeout = 60
                [database]
                path = "/var/lib/waiaas/db.sqlite"
                [update]
                check = false
                check_interval = 7200
                registry = "https://npm.example.org/repo/"
                package = "waiaas-fork"
                channel = "next"
                [backup]
                keep = 9
                [install]
                root = "/opt/waiaas"
                """);

        WaiaasConfig config = ConfigLoader.load(dataDir, Map.of());

        assertEquals(new WaiaasConfig.Daemon("0.0.0.0", 3200, Duration.ofSeconds(60)), config.daemon());
        assertEquals(Path.of("/var/lib/waiaas/db.sqlite"), config.database().path());
        assertEquals(
                new WaiaasConfig.Update(
                        false,
                        Duration.ofSeconds(7200),
                        URI.create("https://npm.example.org/repo"),
                        "waiaas-fork",
                        "next"),
                config.update());
        assertEquals(9, config.backup().keep());
        assertEquals(Optional.of(Path.of("/opt/waiaas")), config.install().root());
    }

    @Test
    void resolvesRelativePathsAgainstTheDataDir() throws IOException {
        write("[database]\npath = \"db/../state/w.db\"\n[install]\nroot = \"runtime\"\n");

        WaiaasConfig config = ConfigLoader.load(dataDir, Map.of());

        assertEquals(dataDir.resolve("state/w.db"), config.database().path());
        assertEquals(Optional.of(dataDir.resolve("runtime")), config.install().root());
    }

    @Test
    void handsTheDaemonSettingsToTheApplication() {
        var settings = WaiaasConfig.defaults(dataDir).daemon().settings();

        assertEquals("127.0.0.1", settings.hostname());
        assertEquals(3100, settings.port());
        assertEquals(Duration.ofSeconds(30), settings.shutdownTimeout());
    }

    static Stream<Arguments> acceptedValues() {
        Function<WaiaasConfig, Object> port = c -> c.daemon().port();
        Function<WaiaasConfig, Object> hostname = c -> c.daemon().hostname();
        Function<WaiaasConfig, Object> shutdown =
                c -> c.daemon().shutdownTimeout().toSeconds();
        Function<WaiaasConfig, Object> metrics = c -> c.daemon().metrics();
        Function<WaiaasConfig, Object> check = c -> c.update().check();
        Function<WaiaasConfig, Object> interval =
                c -> c.update().checkInterval().toSeconds();
        Function<WaiaasConfig, Object> registry = c -> c.update().registry().toString();
        Function<WaiaasConfig, Object> packageName = c -> c.update().packageName();
        Function<WaiaasConfig, Object> channel = c -> c.update().channel();
        Function<WaiaasConfig, Object> keep = c -> c.backup().keep();
        return Stream.of(
                Arguments.of("daemon", "port = 1024", port, 1024),
                Arguments.of("daemon", "port = 65535", port, 65535),
                Arguments.of("daemon", "port = +3_200", port, 3200),
                Arguments.of("daemon", "hostname = \"127.0.0.1\"", hostname, "127.0.0.1"),
                Arguments.of("daemon", "hostname = \"0.0.0.0\"", hostname, "0.0.0.0"),
                Arguments.of("daemon", "shutdown_timeout = 5", shutdown, 5L),
                Arguments.of("daemon", "shutdown_timeout = 300", shutdown, 300L),
                Arguments.of("daemon", "metrics = true", metrics, true),
                Arguments.of("daemon", "metrics = false", metrics, false),
                Arguments.of("update", "check = true", check, true),
                Arguments.of("update", "check = false", check, false),
                Arguments.of("update", "check_interval = 3600", interval, 3600L),
                Arguments.of("update", "check_interval = 604800", interval, 604800L),
                Arguments.of(
                        "update", "registry = \"https://registry.npmjs.org/\"", registry, "https://registry.npmjs.org"),
                Arguments.of(
                        "update",
                        "registry = \"HTTPS://Mirror.Example:8443/npm\"",
                        registry,
                        "HTTPS://Mirror.Example:8443/npm"),
                Arguments.of("update", "registry = \"http://localhost:4873\"", registry, "http://localhost:4873"),
                Arguments.of("update", "registry = \"http://127.0.0.1:9/\"", registry, "http://127.0.0.1:9"),
                Arguments.of("update", "registry = \"http://127.255.0.9\"", registry, "http://127.255.0.9"),
                Arguments.of("update", "registry = \"http://[::1]:8080\"", registry, "http://[::1]:8080"),
                Arguments.of(
                        "update",
                        "registry = \"https://npm.example/r/?token=a/\"",
                        registry,
                        "https://npm.example/r/?token=a/"),
                Arguments.of("update", "package = \"@scope/some-pkg.js\"", packageName, "@scope/some-pkg.js"),
                Arguments.of("update", "package = \"waiaas\"", packageName, "waiaas"),
                Arguments.of("update", "channel = \"next\"", channel, "next"),
                Arguments.of("update", "channel = \"beta-2.x\"", channel, "beta-2.x"),
                Arguments.of(
                        "update",
                        "auto_apply = \"minor\"",
                        (Function<WaiaasConfig, Object>) c -> c.update().autoApply(),
                        AutoApply.MINOR),
                Arguments.of(
                        "update",
                        "window = \"Sun 02:00-04:00, Mon-Fri 23:30-00:30\"",
                        (Function<WaiaasConfig, Object>) c -> c.update().windows(),
                        MaintenanceWindow.parseAll("Sun 02:00-04:00,Mon-Fri 23:30-00:30")),
                Arguments.of(
                        "update",
                        "min_release_age = \"3d\"",
                        (Function<WaiaasConfig, Object>) c -> c.update().minReleaseAge(),
                        java.time.Duration.ofDays(3)),
                Arguments.of(
                        "update",
                        "min_release_age = 3600",
                        (Function<WaiaasConfig, Object>) c -> c.update().minReleaseAge(),
                        java.time.Duration.ofHours(1)),
                Arguments.of(
                        "update",
                        "max_metadata_age = \"30d\"",
                        (Function<WaiaasConfig, Object>) c -> c.update().maxMetadataAge(),
                        java.util.Optional.of(java.time.Duration.ofDays(30))),
                Arguments.of(
                        "update",
                        "max_metadata_age = \"0\"",
                        (Function<WaiaasConfig, Object>) c -> c.update().maxMetadataAge(),
                        java.util.Optional.empty()),
                Arguments.of("backup", "keep = 1", keep, 1),
                Arguments.of("backup", "keep = 100", keep, 100));
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("acceptedValues")
    void acceptsEveryValueInsideTheRangeOfItsKey(
            String section, String line, Function<WaiaasConfig, Object> read, Object expected) throws IOException {
        write("[" + section + "]\n" + line + "\n");

        assertEquals(expected, read.apply(ConfigLoader.load(dataDir, Map.of())));
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            daemon   | port = 1023                    | [daemon] port must be an integer from 1024 to 65535, was 1023
            daemon   | port = 70000                   | [daemon] port must be an integer from 1024 to 65535, was 70000
            daemon   | port = -1                      | [daemon] port must be an integer from 1024 to 65535, was -1
            daemon   | port = 99999999999999999999    | [daemon] port must be an integer from 1024 to 65535, was 99999999999999999999
            daemon   | port = "3100"                  | [daemon] port must be an integer from 1024 to 65535, was "3100"
            daemon   | port = 3100.0                  | [daemon] port must be an integer from 1024 to 65535, was 3100.0
            daemon   | port = 1.5e3                   | [daemon] port must be an integer from 1024 to 65535, was 1500.0
            daemon   | port = inf                     | [daemon] port must be an integer from 1024 to 65535, was inf
            daemon   | port = true                    | [daemon] port must be an integer from 1024 to 65535, was true
            daemon   | port = [3100]                  | [daemon] port must be an integer from 1024 to 65535, was an array
            daemon   | port = { n = 3100 }            | [daemon] port must be an integer from 1024 to 65535, was a table
            daemon   | hostname = "localhost"         | [daemon] hostname must be "127.0.0.1" or "0.0.0.0", was "localhost"
            daemon   | hostname = "::"                | [daemon] hostname must be "127.0.0.1" or "0.0.0.0", was "::"
            daemon   | hostname = 127                 | [daemon] hostname must be "127.0.0.1" or "0.0.0.0", was 127
            daemon   | shutdown_timeout = 4           | [daemon] shutdown_timeout must be a whole number of seconds from 5 to 300, was 4
            daemon   | shutdown_timeout = 301         | [daemon] shutdown_timeout must be a whole number of seconds from 5 to 300, was 301
            daemon   | shutdown_timeout = "30s"       | [daemon] shutdown_timeout must be a whole number of seconds from 5 to 300, was "30s"
            daemon   | metrics = "true"               | [daemon] metrics must be true or false, was "true"
            daemon   | metrics = 1                    | [daemon] metrics must be true or false, was 1
            database | path = ""                      | [database] path must be a file path, was ""
            database | path = 5                       | [database] path must be a file path, was 5
            update   | check = "yes"                  | [update] check must be true or false, was "yes"
            update   | check = 1                      | [update] check must be true or false, was 1
            update   | check_interval = 3599          | [update] check_interval must be a whole number of seconds from 3600 to 604800, was 3599
            update   | check_interval = 604801        | [update] check_interval must be a whole number of seconds from 3600 to 604800, was 604801
            update   | registry = "http://registry.npmjs.org" | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "http://registry.npmjs.org"
            update   | registry = "http://128.0.0.1"  | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "http://128.0.0.1"
            update   | registry = "http://127.0.0.1.evil.example" | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "http://127.0.0.1.evil.example"
            update   | registry = "http://localhost.evil.example" | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "http://localhost.evil.example"
            update   | registry = "http://[::2]"      | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "http://[::2]"
            update   | registry = "ftp://localhost"   | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "ftp://localhost"
            update   | registry = "registry.npmjs.org" | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "registry.npmjs.org"
            update   | registry = "https://"          | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "https://"
            update   | registry = "https://a b"       | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "https://a b"
            update   | registry = "https://u:secret@npm.example:8443/npm" | [update] registry must be an https URL (http only for localhost, 127.0.0.0/8 or [::1]) without user info (a token goes in [update] token_file), was "https://***@npm.example:8443/npm"
            update   | package = "@Waiaas/CLI"        | [update] package must be an npm package name such as "@waiaas/cli", was "@Waiaas/CLI"
            update   | package = "../../etc"          | [update] package must be an npm package name such as "@waiaas/cli", was "../../etc"
            update   | package = ""                   | [update] package must be an npm package name such as "@waiaas/cli", was ""
            update   | channel = "1.2.3"              | [update] channel must be a dist-tag such as "latest" or "next", was "1.2.3"
            update   | channel = "next/../x"          | [update] channel must be a dist-tag such as "latest" or "next", was "next/../x"
            backup   | keep = 0                       | [backup] keep must be an integer from 1 to 100, was 0
            backup   | keep = 101                     | [backup] keep must be an integer from 1 to 100, was 101
            update   | proxy = "https://proxy:3128"   | [update] proxy must be an http:// proxy URL such as "http://proxy.example:3128", was "https://proxy:3128"
            update   | proxy = "proxy:3128"           | [update] proxy must be an http:// proxy URL such as "http://proxy.example:3128", was "proxy:3128"
            update   | proxy = "http://proxy:3128/x"  | [update] proxy must be an http:// proxy URL such as "http://proxy.example:3128", was "http://proxy:3128/x"
            update   | require_signatures = "yes"     | [update] require_signatures must be true or false, was "yes"
            update   | token_file = ""                | [update] token_file must be a file path, was ""
            install  | root = ""                      | [install] root must be a file path, was ""
            update   | auto_apply = "weekly"          | [update] auto_apply must be "off", "patch", "minor" or "major", was "weekly"
            update   | auto_apply = "PATCH"           | [update] auto_apply must be "off", "patch", "minor" or "major", was "PATCH"
            update   | min_release_age = "3 days"     | [update] min_release_age must be a duration of at most 365d such as "3d", "12h" or "0" for off (units s, m, h, d, w), was "3 days"
            update   | min_release_age = "-1d"        | [update] min_release_age must be a duration of at most 365d such as "3d", "12h" or "0" for off (units s, m, h, d, w), was "-1d"
            update   | min_release_age = "400d"       | [update] min_release_age must be a duration of at most 365d such as "3d", "12h" or "0" for off (units s, m, h, d, w), was "400d"
            update   | max_metadata_age = true        | [update] max_metadata_age must be a duration of at most 3650d such as "3d", "12h" or "0" for off (units s, m, h, d, w), was true
            update   | window = "Sun 2:00-4:00"       | [update] window must be maintenance windows in local time such as "Sun 02:00-04:00", "Mon-Fri 01:00-01:30" or "daily 03:00-04:00", separated by commas, was "Sun 2:00-4:00"
            update   | window = "Sun 02:00-04:00,"    | [update] window must be maintenance windows in local time such as "Sun 02:00-04:00", "Mon-Fri 01:00-01:30" or "daily 03:00-04:00", separated by commas, was "Sun 02:00-04:00,"
            install  | root = false                   | [install] root must be a file path, was false
            notify   | webhook_url = "ftp://hooks.example/x" | [notify] webhook_url must be an http:// or https:// URL without user info, such as "https://hooks.example/waiaas", was "ftp://hooks.example/x"
            notify   | webhook_url = "hooks.example/x" | [notify] webhook_url must be an http:// or https:// URL without user info, such as "https://hooks.example/waiaas", was "hooks.example/x"
            notify   | webhook_url = "https://u:p@hooks.example/x" | [notify] webhook_url must be an http:// or https:// URL without user info, such as "https://hooks.example/waiaas", was "https://***@hooks.example/x"
            notify   | webhook_url = 3                | [notify] webhook_url must be an http:// or https:// URL without user info, such as "https://hooks.example/waiaas", was 3
            notify   | webhook_token_file = ""        | [notify] webhook_token_file must be a file path, was ""
            """)
    void refusesAValueOutsideItsKeysRangeOrTypeNamingTheKey(String section, String line, String message)
            throws IOException {
        write("[" + section + "]\n" + line + "\n");

        assertRefused("config.toml: " + message);
    }

    @Test
    void readsTheRegistryAccessKeysAndResolvesTheTokenFileAgainstTheDataDir() throws IOException {
        write("[update]\ntoken_file = \"secrets/registry-token\"\nproxy = \"http://proxy.example:3128\"\n"
                + "require_signatures = true\n");

        WaiaasConfig.Update update = ConfigLoader.load(dataDir, Map.of()).update();

        assertEquals(Optional.of(dataDir.resolve("secrets/registry-token").toAbsolutePath()), update.tokenFile());
        assertEquals(Optional.of(URI.create("http://proxy.example:3128")), update.proxy());
        assertTrue(update.requireSignatures());
        assertFalse(update.registryConfigured(), "the registry was not set");
        assertFalse(ConfigLoader.load(dataDir, Map.of()).update().registryConfigured());
        assertTrue(ConfigLoader.load(dataDir, Map.of("WAIAAS_UPDATE_REGISTRY", "https://npm.example.com"))
                .update()
                .registryConfigured());
    }

    @Test
    void readsTheWebhookAndResolvesItsTokenFileAgainstTheDataDir() throws IOException {
        write(
                "[notify]\nwebhook_url = \"https://hooks.example/services/T0?x=1\"\nwebhook_token_file = \"secrets/hook\"\n");

        WaiaasConfig.Notify notify = ConfigLoader.load(dataDir, Map.of()).notifications();

        assertEquals(Optional.of(URI.create("https://hooks.example/services/T0?x=1")), notify.webhookUrl());
        assertEquals(Optional.of(dataDir.resolve("secrets/hook").toAbsolutePath()), notify.webhookTokenFile());
        assertEquals(WaiaasConfig.Notify.OFF, WaiaasConfig.defaults(dataDir).notifications());
        assertEquals(
                Optional.of(URI.create("http://127.0.0.1:9/h")),
                ConfigLoader.load(dataDir, Map.of("WAIAAS_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:9/h"))
                        .notifications()
                        .webhookUrl());
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(dataDir, Map.of("WAIAAS_NOTIFY_WEBHOOK_URL", "hooks.example")));
        assertEquals(
                "environment: WAIAAS_NOTIFY_WEBHOOK_URL must be an http:// or https:// URL without user info, such as"
                        + " \"https://hooks.example/waiaas\", was \"hooks.example\"",
                e.getMessage());
    }

    @Test
    void aWebhookTokenNeverTravelsInClearButPlainHttpWithoutOneOrToLoopbackIsFine() throws IOException {
        write("[notify]\nwebhook_url = \"http://hooks.lan:8080/waiaas\"\nwebhook_token_file = \"/etc/waiaas/hook\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dataDir, Map.of()));
        assertEquals(
                "config.toml: [notify] webhook_url is http:// to hooks.lan while a webhook_token_file is set, so the"
                        + " token would travel in clear; use https:// (http only for localhost, 127.0.0.0/8 or [::1])",
                e.getMessage());
        ConfigException fromEnv = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.load(dataDir, Map.of("WAIAAS_NOTIFY_WEBHOOK_URL", "http://10.0.0.7/h")));
        assertTrue(
                fromEnv.getMessage().startsWith("environment: WAIAAS_NOTIFY_WEBHOOK_URL is http:// to 10.0.0.7 while"),
                fromEnv.getMessage());

        for (String fine : List.of("https://hooks.lan/waiaas", "http://127.0.0.1:9/h", "http://[::1]:9/h")) {
            assertEquals(
                    Optional.of(URI.create(fine)),
                    ConfigLoader.load(dataDir, Map.of("WAIAAS_NOTIFY_WEBHOOK_URL", fine))
                            .notifications()
                            .webhookUrl());
        }
        write("[notify]\nwebhook_url = \"http://hooks.lan:8080/waiaas\"\n");
        assertEquals(
                Optional.of(URI.create("http://hooks.lan:8080/waiaas")),
                ConfigLoader.load(dataDir, Map.of()).notifications().webhookUrl(),
                "no token, nothing to leak");
    }

    @Test
    void refusesATokenInTheFileSayingWhereItBelongs() throws IOException {
        write("[update]\ntoken = \"npm_abc\"\n");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dataDir, Map.of()));
        assertEquals(
                "config.toml: [update] token is not read from config.toml, which every backup copies: put the token in"
                        + " a file only you may read and name it in [update] token_file, or set WAIAAS_UPDATE_TOKEN",
                e.getMessage());
        assertFalse(e.getMessage().contains("npm_abc"));
    }

    @Test
    void refusesAnUnknownKeyNamingIt() throws IOException {
        write("[daemon]\nprot = 3100\n");

        assertRefused("config.toml: unknown key [daemon] prot");
    }

    @Test
    void refusesAKnownKeyInTheWrongSection() throws IOException {
        write("[update]\nport = 3100\n");

        assertRefused("config.toml: unknown key [update] port");
    }

    @Test
    void refusesANestedTableInsideASectionAsAnUnknownKey() throws IOException {
        write("[daemon.extra]\nx = 1\n");

        assertRefused("config.toml: unknown key [daemon] extra");
    }

    @Test
    void quotesAnUnknownKeyThatIsNotABareKeySoTheMessageStaysOnOneLine() throws IOException {
        write("[daemon]\n\"po\\nrt\" = 1\n");

        assertRefused("config.toml: unknown key [daemon] \"po\\nrt\"");
    }

    @Test
    void refusesAnUnknownSection() throws IOException {
        write("[server]\nport = 3100\n");

        assertRefused("config.toml: unknown section [server]");
    }

    @Test
    void refusesASectionNameInTheWrongCase() throws IOException {
        write("[Daemon]\nport = 3100\n");

        assertRefused("config.toml: unknown section [Daemon]");
    }

    @Test
    void refusesAKeyOutsideAnySection() throws IOException {
        write("port = 3100\n[daemon]\n");

        assertRefused("config.toml: unknown key port outside any section");
    }

    @Test
    void refusesAKnownSectionWrittenAsAValue() throws IOException {
        write("daemon = 5\n");

        assertRefused("config.toml: daemon must be a section ([daemon]), was 5");
    }

    @Test
    void refusesAKnownSectionWrittenAsAnArrayOfTables() throws IOException {
        write("[[backup]]\nkeep = 5\n");

        assertRefused("config.toml: backup must be a section ([backup]), was an array");
    }

    @Test
    void reportsTheFirstProblemInFileOrder() throws IOException {
        write("[daemon]\nport = 1\n[backup]\nkeep = 0\n");

        assertRefused("config.toml: [daemon] port must be an integer from 1024 to 65535, was 1");
    }

    @Test
    void reportsBrokenTomlWithTheParsersLineAndReason() throws IOException {
        write("[daemon]\nport = 3100\n\nhostname = = \"x\"\n");

        assertRefused("config.toml line 4: Unknown token");
    }

    @Test
    void reportsAnUnterminatedStringOnItsLine() throws IOException {
        write("# first\n[update]\nchannel = \"next\n");

        assertRefused("config.toml line 3: Newline not permitted here");
    }

    @Test
    void reportsADuplicateKeyOnTheLineOfTheSecondOne() throws IOException {
        write("[daemon]\nport = 3100\nport = 3200\n");

        assertRefused("config.toml line 3: duplicate key [daemon] port; each key may appear once in a section");
    }

    @Test
    void blamesTheDuplicateKeysLineEvenWhenCommentsAndBlankLinesFollowIt() throws IOException {
        write("[daemon]\nport = 3100\nport = 3200   # again\n\n\n# end\n");

        assertRefused("config.toml line 3: duplicate key [daemon] port; each key may appear once in a section");
    }

    @Test
    void namesADuplicateSectionAndATopLevelDuplicate() throws IOException {
        write("[daemon]\nport = 3100\n\n[daemon]   # again\nhostname = \"127.0.0.1\"\n");
        assertRefused("config.toml line 4: duplicate section [daemon]; each section may appear once");

        write("[update]\nchannel = \"latest\"\n[daemon]\nport = 3100\n\"port\" = 3200\n");
        assertRefused("config.toml line 5: duplicate key [daemon] \"port\"; each key may appear once in a section");
    }

    @Test
    void blamesTheDuplicateKeyOnTheLastLineWithoutANewline() throws IOException {
        write("[daemon]\nport = 3100\nport = 3200");

        assertRefused("config.toml line 3: duplicate key [daemon] port; each key may appear once in a section");
    }

    @Test
    void reportsARedefinedSectionOnItsLine() throws IOException {
        write("[daemon]\nport = 3100\n[daemon]\n");

        assertRefused("config.toml line 3: duplicate section [daemon]; each section may appear once");
    }

    @Test
    void refusesDeeplyNestedValuesWithoutBlowingTheStack() throws IOException {
        write("x = " + "[".repeat(100_000));

        ConfigException refusal = assertThrows(ConfigException.class, () -> ConfigLoader.load(dataDir, Map.of()));

        assertTrue(refusal.getMessage().startsWith("config.toml"), refusal.getMessage());
        assertOneLine(refusal.getMessage());
    }

    @Test
    void refusesTextThatIsNotUtf8NamingTheLine() throws IOException {
        Files.write(
                ConfigLoader.configFile(dataDir),
                new byte[] {'[', 'd', 'a', 'e', 'm', 'o', 'n', ']', '\n', 'x', '=', '"', (byte) 0xC3, '"', '\n'});

        assertRefused("config.toml line 2: not valid UTF-8");
    }

    @Test
    void acceptsAUtf8ByteOrderMark() throws IOException {
        write("\uFEFF[daemon]\nport = 3200\n");

        assertEquals(3200, ConfigLoader.load(dataDir, Map.of()).daemon().port());
    }

    @Test
    void refusesAFileTooLargeToBeAConfig() throws IOException {
        write("# " + "x".repeat(ConfigFile.MAX_BYTES) + "\n");

        ConfigException refusal = assertThrows(ConfigException.class, () -> ConfigLoader.load(dataDir, Map.of()));

        assertTrue(refusal.getMessage().startsWith("config.toml: larger than 1 MiB"), refusal.getMessage());
    }

    @Test
    void refusesAConfigFileThatCannotBeRead() throws IOException {
        Files.createDirectory(ConfigLoader.configFile(dataDir));

        ConfigException refusal = assertThrows(ConfigException.class, () -> ConfigLoader.load(dataDir, Map.of()));

        assertTrue(
                refusal.getMessage().startsWith("config.toml: cannot read " + ConfigLoader.configFile(dataDir)),
                refusal.getMessage());
        assertOneLine(refusal.getMessage());
        // Nothing was changed: a command that cannot read its config refuses (exit 5), as after any I/O error before
        // it acted (issue 24).
        assertEquals(ErrorCode.REFUSED, refusal.code());
    }

    @Test
    void refusesAConfigFileThatIsABrokenLinkInsteadOfUsingTheDefaults() throws IOException {
        Path file = ConfigLoader.configFile(dataDir);
        Files.createSymbolicLink(file, dataDir.resolve("gone.toml"));

        assertRefused("config.toml: " + file + " is a link to a file that does not exist");
    }

    @Test
    void followsALinkToTheConfigFile() throws IOException {
        Path target = Files.writeString(dataDir.resolve("real.toml"), "[backup]\nkeep = 7\n");
        Files.createSymbolicLink(ConfigLoader.configFile(dataDir), target);

        assertEquals(7, ConfigLoader.load(dataDir, Map.of()).backup().keep());
    }

    @Test
    void acceptsTheRoadmapsDaemonUpdateCheckAsAnAliasOfUpdateCheck() throws IOException {
        write("[daemon]\nupdate_check = false\n");

        assertFalse(ConfigLoader.load(dataDir, Map.of()).update().check());
    }

    @Test
    void acceptsTheAliasAndTheKeyTogetherWhenTheyAgree() throws IOException {
        write("[daemon]\nupdate_check = false\n[update]\ncheck = false\n");

        assertFalse(ConfigLoader.load(dataDir, Map.of()).update().check());
    }

    @Test
    void refusesTheAliasAndTheKeyWhenTheyDisagreeNamingBoth() throws IOException {
        write("[update]\ncheck = true\n[daemon]\nupdate_check = false\n");

        assertRefused("config.toml: [daemon] update_check = false disagrees with [update] check = true;"
                + " keep only [update] check");
    }

    @Test
    void checksTheAliasLikeTheKeyItStandsFor() throws IOException {
        write("[daemon]\nupdate_check = \"no\"\n");

        assertRefused("config.toml: [daemon] update_check must be true or false, was \"no\"");
    }

    @Test
    void findsTheConfigFileInsideTheDataDir() {
        assertEquals(dataDir.resolve("config.toml"), ConfigLoader.configFile(dataDir));
    }

    private void write(String toml) throws IOException {
        Files.writeString(ConfigLoader.configFile(dataDir), toml, StandardCharsets.UTF_8);
    }

    private void assertRefused(String message) {
        ConfigException refusal = assertThrows(ConfigException.class, () -> ConfigLoader.load(dataDir, Map.of()));
        assertEquals(message, refusal.getMessage());
        assertEquals(ErrorCode.FAILED, refusal.code());
        assertEquals(1, refusal.code().exitCode());
        assertOneLine(refusal.getMessage());
    }

    static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
    }
}
