package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.domain.ErrorCode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Registry credentials and proxies read as npm and curl read them: npmrc files, variables, NO_PROXY. */
class RegistryAccessTest {
    private static final URI REGISTRY = URI.create("https://npm.example.com/");
    private static final String CLI = "@waiaas/cli";

    @TempDir
    Path home;

    // ---- npmrc ----

    @Test
    void readsKeysValuesCommentsQuotesAndVariablesAsNpmDoes() {
        Npmrc rc = Npmrc.parse(
                Path.of("x"),
                String.join(
                        "\n",
                        "; a comment",
                        "# another",
                        "registry = https://npm.example.com/",
                        "@waiaas:registry=\"https://scoped.example.com/npm/\"",
                        "//npm.example.com/:_authToken=${TOKEN}",
                        "//other.example.com/:_authToken=${MISSING}",
                        "optional=${MISSING?}",
                        "escaped=\\${TOKEN}",
                        "inline=value ; comment",
                        "flag",
                        "[section]",
                        "registry=https://ignored.example.com/",
                        ""),
                Map.of("TOKEN", "s3cret"));

        assertEquals(Optional.of("https://npm.example.com/"), rc.get("registry"));
        assertEquals(Optional.of("https://scoped.example.com/npm/"), rc.get("@waiaas:registry"));
        assertEquals(Optional.of("s3cret"), rc.get("//npm.example.com/:_authToken"));
        assertEquals(Optional.of("${MISSING}"), rc.get("//other.example.com/:_authToken"));
        assertEquals(Optional.of(""), rc.get("optional"));
        assertEquals(Optional.of("${TOKEN}"), rc.get("escaped"));
        assertEquals(Optional.of("value"), rc.get("inline"));
        assertEquals(Optional.of("true"), rc.get("flag"));
    }

    @ParameterizedTest
    @CsvSource({
        "https://registry.npmjs.org/, //registry.npmjs.org/",
        "https://registry.npmjs.org:443/, //registry.npmjs.org/",
        "http://127.0.0.1:4873/, //127.0.0.1:4873/",
        "https://Mirror.Example.com/npm/repo/, //mirror.example.com/npm/repo/",
        "https://mirror.example.com/npm, //mirror.example.com/",
    })
    void nerfDartsARegistryAsNpmDoes(String url, String dart) {
        assertEquals(dart, Npmrc.nerfDart(URI.create(url)));
    }

    @Test
    void readsTheUserConfigNamedByTheVariableInAnyLetterCase() throws IOException {
        Path elsewhere = Files.writeString(home.resolve("elsewhere"), "registry=https://a.example/\n");
        Files.writeString(home.resolve(".npmrc"), "registry=https://home.example/\n");

        assertEquals(
                Optional.of("https://home.example/"), Npmrc.user(Map.of(), home).flatMap(rc -> rc.get("registry")));
        assertEquals(
                Optional.of("https://a.example/"),
                Npmrc.user(Map.of("NPM_CONFIG_USERCONFIG", elsewhere.toString()), home)
                        .flatMap(rc -> rc.get("registry")));
        assertEquals(
                Optional.of("https://a.example/"),
                Npmrc.user(Map.of("npm_config_userconfig", elsewhere.toString()), home)
                        .flatMap(rc -> rc.get("registry")));
        assertEquals(Optional.empty(), Npmrc.user(Map.of("NPM_CONFIG_USERCONFIG", "/nonexistent/npmrc"), home));
    }

    // ---- credentials ----

    @Test
    void findsTheTokenOfTheRegistryWalkingUpItsPath() {
        URI registry = URI.create("https://npm.example.com/repo/npm/");
        Npmrc rc = Npmrc.parse(Path.of("/h/.npmrc"), "//npm.example.com/repo/:_authToken=tok\n", Map.of());

        RegistryCredentials credentials =
                RegistryCredentials.find(registry, Map.of(), Optional.empty(), Optional.of(rc));

        assertEquals(RegistryCredentials.Kind.NPMRC, credentials.kind());
        assertEquals(
                Optional.of("Bearer tok"), credentials.authorizationFor(URI.create("https://npm.example.com/x.tgz")));
        assertTrue(credentials.source().contains("/h/.npmrc"), credentials.source());
        assertFalse(credentials.toString().contains("tok\""), credentials.toString());
    }

    @Test
    void sendsCredentialsOnlyToTheRegistrysOwnOrigin() {
        RegistryCredentials credentials = RegistryCredentials.find(
                URI.create("http://127.0.0.1:4873/"),
                Map.of("WAIAAS_UPDATE_TOKEN", "tok"),
                Optional.empty(),
                Optional.empty());

        assertEquals(
                Optional.of("Bearer tok"),
                credentials.authorizationFor(URI.create("http://127.0.0.1:4873/@waiaas%2fcli")));
        assertEquals(Optional.empty(), credentials.authorizationFor(URI.create("http://127.0.0.1:4874/@waiaas%2fcli")));
        assertEquals(Optional.empty(), credentials.authorizationFor(URI.create("http://localhost:4873/@waiaas%2fcli")));
        assertEquals(
                Optional.empty(), credentials.authorizationFor(URI.create("https://127.0.0.1:4873/@waiaas%2fcli")));
    }

    @Test
    void theVariableWinsOverTheTokenFileWhichWinsOverTheNpmrc() throws IOException {
        Path file = tokenFile("from-file", "rw-------");
        Npmrc rc = Npmrc.parse(Path.of("rc"), "//npm.example.com/:_authToken=from-npmrc\n", Map.of());

        assertEquals(
                Optional.of("Bearer from-env"),
                RegistryCredentials.find(
                                REGISTRY, Map.of("WAIAAS_UPDATE_TOKEN", "from-env"), Optional.of(file), Optional.of(rc))
                        .authorizationFor(REGISTRY));
        RegistryCredentials fromFile = RegistryCredentials.find(REGISTRY, Map.of(), Optional.of(file), Optional.of(rc));
        assertEquals(Optional.of("Bearer from-file"), fromFile.authorizationFor(REGISTRY));
        assertEquals(Optional.of("from-file"), fromFile.waiaasToken());
        RegistryCredentials fromRc = RegistryCredentials.find(REGISTRY, Map.of(), Optional.empty(), Optional.of(rc));
        assertEquals(Optional.of("Bearer from-npmrc"), fromRc.authorizationFor(REGISTRY));
        assertEquals(Optional.empty(), fromRc.waiaasToken(), "npm reads its own npmrc");
    }

    @ParameterizedTest
    @CsvSource({"rw-r--r--, 0644", "rw-r-----, 0640", "rw----rw-, 0606"})
    void refusesATokenFileOthersMayReadInOneLine(String mode, String octal) throws IOException {
        Path file = tokenFile("tok", mode);
        RegistryCredentials credentials =
                RegistryCredentials.find(REGISTRY, Map.of(), Optional.of(file), Optional.empty());

        NpmRegistryException e = assertThrows(NpmRegistryException.class, credentials::checkUsable);

        assertEquals(ErrorCode.REFUSED, e.code());
        assertEquals(
                "[update] token_file " + file + " may be read by others (mode " + octal + "), refused; run: chmod 600 "
                        + file,
                e.getMessage());
    }

    @Test
    void aMissingOrEmptyTokenFileIsOneLine() throws IOException {
        Path missing = home.resolve("missing");
        assertTrue(assertThrows(
                        NpmRegistryException.class,
                        () -> RegistryCredentials.find(REGISTRY, Map.of(), Optional.of(missing), Optional.empty())
                                .checkUsable())
                .getMessage()
                .endsWith("does not exist"));
        Path empty = tokenFile("  \n", "rw-------");
        assertTrue(assertThrows(
                        NpmRegistryException.class,
                        () -> RegistryCredentials.find(REGISTRY, Map.of(), Optional.of(empty), Optional.empty())
                                .checkUsable())
                .getMessage()
                .endsWith("must hold one token on one line"));
    }

    @Test
    void aTokenThatNamesAnUnsetVariableSaysWhich() {
        Npmrc rc = Npmrc.parse(Path.of("/h/.npmrc"), "//npm.example.com/:_authToken=${NPM_TOKEN}\n", Map.of());
        RegistryCredentials credentials =
                RegistryCredentials.find(REGISTRY, Map.of(), Optional.empty(), Optional.of(rc));

        NpmRegistryException e = assertThrows(NpmRegistryException.class, credentials::checkUsable);
        assertTrue(e.getMessage().contains("${NPM_TOKEN}, which is not set"), e.getMessage());
    }

    @Test
    void readsBasicCredentialsAsNpmWritesThem() {
        String password = Base64.getEncoder().encodeToString("pa:ss".getBytes(StandardCharsets.UTF_8));
        Npmrc rc = Npmrc.parse(
                Path.of("rc"),
                "//npm.example.com/:username=me\n//npm.example.com/:_password=" + password + "\n",
                Map.of());
        String expected = "Basic " + Base64.getEncoder().encodeToString("me:pa:ss".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                Optional.of(expected),
                RegistryCredentials.find(REGISTRY, Map.of(), Optional.empty(), Optional.of(rc))
                        .authorizationFor(REGISTRY));
        Npmrc auth = Npmrc.parse(Path.of("rc"), "//npm.example.com/:_auth=bWU6cHc=\n", Map.of());
        assertEquals(
                Optional.of("Basic bWU6cHc="),
                RegistryCredentials.find(REGISTRY, Map.of(), Optional.empty(), Optional.of(auth))
                        .authorizationFor(REGISTRY));
    }

    @Test
    void aRefusalSaysWhichRegistryAndHowToGiveAToken() {
        URI uri = URI.create("https://npm.example.com/-/package/@waiaas%2fcli/dist-tags");
        assertEquals(
                "npm registry https://npm.example.com/ refused access (HTTP 401, GET " + uri + "): it needs a token;"
                        + " give one as //npm.example.com/:_authToken=… in ~/.npmrc, in WAIAAS_UPDATE_TOKEN or in"
                        + " [update] token_file",
                RegistryCredentials.none(REGISTRY).refusal(401, uri));
        String withToken = RegistryCredentials.find(
                        REGISTRY, Map.of("WAIAAS_UPDATE_TOKEN", "s3cret"), Optional.empty(), Optional.empty())
                .refusal(403, uri);
        assertTrue(
                withToken.startsWith("npm registry https://npm.example.com/ refused the credentials from"
                        + " WAIAAS_UPDATE_TOKEN (HTTP 403"),
                withToken);
        assertFalse(withToken.contains("s3cret"), withToken);
    }

    // ---- the registry ----

    @Test
    void takesTheNpmrcRegistryOfThePackagesScopeUnlessOneIsConfigured() throws IOException {
        Files.writeString(
                home.resolve(".npmrc"),
                "registry=https://all.example.com/\n@waiaas:registry=https://scoped.example.com/npm/\n");

        assertEquals(
                URI.create("https://scoped.example.com/npm/"),
                access(Optional.empty(), Map.of()).registry());
        assertEquals(
                URI.create("https://configured.example.com/"),
                access(Optional.of(URI.create("https://configured.example.com")), Map.of())
                        .registry());
        assertEquals(
                URI.create("https://all.example.com/"),
                RegistryAccess.of(
                                Optional.empty(),
                                NpmRegistry.DEFAULT_REGISTRY,
                                "left-pad",
                                Map.of(),
                                home,
                                Optional.empty(),
                                Optional.empty())
                        .registry());
    }

    @Test
    void anNpmrcRegistryWaiaasWillNotUseIsReportedByTheFirstRequest() throws IOException {
        Files.writeString(home.resolve(".npmrc"), "@waiaas:registry=http://mirror.example.com/\n");
        RegistryAccess access = access(Optional.empty(), Map.of());

        NpmRegistryException e = assertThrows(NpmRegistryException.class, access::credentials);
        assertTrue(e.getMessage().startsWith("the @waiaas:registry in " + home.resolve(".npmrc")), e.getMessage());
    }

    // ---- proxies ----

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // variables                                               | url                        | proxy
                "HTTPS_PROXY=http://p:1                                      | https://npm.example.com/   | p:1",
                "https_proxy=http://lower:1,HTTPS_PROXY=http://upper:2      | https://npm.example.com/   | lower:1",
                "HTTP_PROXY=http://p:1                                       | https://npm.example.com/   | p:1",
                "HTTP_PROXY=http://p:1                                       | http://127.0.0.1:4873/     | p:1",
                "HTTPS_PROXY=http://p:1                                      | http://127.0.0.1:4873/     | direct",
                "HTTP_PROXY=p:3128                                           | http://localhost/          | p:3128",
                "HTTP_PROXY=http://p:1,NO_PROXY=127.0.0.1                    | http://127.0.0.1:4873/     | direct",
                "HTTP_PROXY=http://p:1,no_proxy=localhost                    | http://127.0.0.1:4873/     | p:1",
                "HTTPS_PROXY=http://p:1,NO_PROXY=example.com                 | https://npm.example.com/   | direct",
                "HTTPS_PROXY=http://p:1,NO_PROXY=.example.com                | https://npm.example.com/   | direct",
                "HTTPS_PROXY=http://p:1,NO_PROXY=*.example.com               | https://npm.example.com/   | direct",
                "HTTPS_PROXY=http://p:1,NO_PROXY=ample.com                   | https://npm.example.com/   | p:1",
                "HTTPS_PROXY=http://p:1,NO_PROXY=npm.example.com:8443        | https://npm.example.com/   | p:1",
                "HTTPS_PROXY=http://p:1,NO_PROXY=npm.example.com:443         | https://npm.example.com/   | direct",
                "HTTPS_PROXY=http://p:1,NO_PROXY=*                           | https://npm.example.com/   | direct",
                "HTTP_PROXY=http://p:1,NO_PROXY=::1                          | http://[::1]:4873/         | direct",
                "NO_PROXY=x                                                  | https://npm.example.com/   | direct",
            })
    void choosesTheProxyAsNpmAndCurlDo(String variables, String url, String expected) {
        Map<String, String> env = new java.util.HashMap<>();
        for (String pair : variables.split(",")) {
            String[] kv = pair.strip().split("=", 2);
            env.put(kv[0], kv[1]);
        }
        RegistryProxies proxies = RegistryProxies.from(env, Optional.empty());
        assertEquals(
                expected,
                proxies.routeFor(URI.create(url))
                        .map(r -> r.proxy().getHost() + ":" + r.proxy().getPort())
                        .orElse("direct"));
    }

    @Test
    void theConfiguredProxyReplacesTheVariablesButNotNoProxy() {
        RegistryProxies proxies = RegistryProxies.from(
                Map.of("HTTPS_PROXY", "http://env:1", "NO_PROXY", "internal.example"),
                Optional.of(URI.create("http://configured:3128")));

        RegistryProxies.Route route = proxies.routeFor(REGISTRY).orElseThrow();
        assertEquals("http://configured:3128 ([update] proxy)", route.display());
        assertEquals(Optional.empty(), proxies.routeFor(URI.create("https://internal.example/")));
    }

    @Test
    void aProxyWaiaasCannotUseIsOneLineWithoutItsCredentials() {
        RegistryProxies proxies = RegistryProxies.from(Map.of("HTTPS_PROXY", "https://user:pw@p:1"), Optional.empty());
        NpmRegistryException e = assertThrows(NpmRegistryException.class, proxies::checkUsable);
        assertEquals(
                "HTTPS_PROXY must be an http:// proxy URL such as http://proxy:3128, was 'https://p:1'",
                e.getMessage());
        RegistryProxies.Route withUser = RegistryProxies.route("http://user:pw@p:3128", "HTTP_PROXY");
        assertEquals("http://p:3128 (HTTP_PROXY)", withUser.display());
    }

    private RegistryAccess access(Optional<URI> configured, Map<String, String> env) {
        return RegistryAccess.of(
                configured, NpmRegistry.DEFAULT_REGISTRY, CLI, env, home, Optional.empty(), Optional.empty());
    }

    private Path tokenFile(String content, String mode) throws IOException {
        Path file = home.resolve("token-" + mode);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
