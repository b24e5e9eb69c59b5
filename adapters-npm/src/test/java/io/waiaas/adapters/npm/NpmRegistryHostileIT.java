package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.ReliabilityLedger;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The real adapter against registries that are down, slow, broken or lying: each fails fast with one line. */
@Timeout(20)
class NpmRegistryHostileIT {
    private static final String CLI = "@waiaas/cli";
    private static final String DIST_TAGS = LoopbackRegistry.distTagsPath(CLI);
    private static final String PACKUMENT = LoopbackRegistry.packumentPath(CLI);
    /**
     * The deadline of the tests that prove giving up: short to keep the suite fast; the 5 s default is proven by
     * configuration in NpmRegistryTest.
     */
    private static final Duration SHORT = Duration.ofMillis(500);
    /**
     * The deadline of every other test: one that expects an answer must not fail because a loaded machine took more
     * than half a second for the client's first request (it did, at a load of 10).
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final long TWO_GIB = 2L * 1024 * 1024 * 1024;

    private final PublishedPackages published =
            new PublishedPackages().publish(CLI, "1.0.0", "1.1.0").tag(CLI, "latest", "1.1.0");
    private final LoopbackRegistry registry = LoopbackRegistry.serve(published);
    private final VersionSource source = NpmRegistry.versionSource(registry.uri(), TIMEOUT, 1024 * 1024);
    private final VersionSource impatient = NpmRegistry.versionSource(registry.uri(), SHORT, 1024 * 1024);

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private static WaiaasException assertFails(Executable call, String... mentions) {
        WaiaasException e = assertThrows(WaiaasException.class, call);
        ReliabilityLedger.hostileInputOfCallingTest(String.join(", ", mentions));
        assertEquals(ErrorCode.FAILED, e.code());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention '" + m + "'");
        }
        System.out.println("refused: " + e.getMessage());
        return e;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void failsClearlyWhenTheRegistryIsDown() {
        URI down = LoopbackRegistry.closedPortUri();
        VersionSource unreachable = NpmRegistry.versionSource(down, TIMEOUT, 1024);
        assertFails(() -> unreachable.distTag(CLI, "latest"), "could not connect", "127.0.0.1");
    }

    @Test
    void failsNamingTheStatusOnAServerError() {
        registry.override(DIST_TAGS, LoopbackRegistry.status(500));
        assertFails(() -> source.distTag(CLI, "latest"), "HTTP 500");
    }

    @Test
    void givesUpOnARegistryThatStallsBeforeAnswering() {
        registry.override(DIST_TAGS, LoopbackRegistry.stallBeforeHeaders(Duration.ofSeconds(30)));
        long start = System.nanoTime();
        assertFails(() -> impatient.distTag(CLI, "latest"), "did not answer within 500 ms");
        assertTrue(millisSince(start) < 5_000, "gave up after " + millisSince(start) + " ms");
    }

    @Test
    void givesUpOnASixtySecondSlowDripAtTheDeadlineNotPerChunk() {
        registry.override(DIST_TAGS, LoopbackRegistry.dripBody(Duration.ofMillis(50), Duration.ofSeconds(60)));
        long start = System.nanoTime();
        assertFails(() -> impatient.distTag(CLI, "latest"), "did not answer within 500 ms");
        assertTrue(millisSince(start) < 5_000, "gave up after " + millisSince(start) + " ms");
        awaitHangUp();
    }

    /** Wait (bounded) until the registry saw the connection closed: giving up must not leave the socket open. */
    private void awaitHangUp() {
        assertTrue(registry.awaitHangUps(1, Duration.ofSeconds(5)), "the client closed the connection it gave up on");
        assertEquals(1, registry.clientHangUps(), "the client closed the connection it gave up on");
    }

    @Test
    void refusesAnAnswerThatIsNotJson() {
        registry.override(DIST_TAGS, LoopbackRegistry.body("text/html", "<html>captive portal</html>"));
        assertFails(() -> source.distTag(CLI, "latest"), "not JSON");
    }

    @Test
    void refusesJsonOfTheWrongShape() {
        registry.override(DIST_TAGS, LoopbackRegistry.body("application/json", "[\"1.1.0\"]"));
        assertFails(() -> source.distTag(CLI, "latest"), "not an object");
        registry.override(PACKUMENT, LoopbackRegistry.body("application/json", "{\"versions\":[]}"));
        assertFails(() -> source.versions(CLI), "versions");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"1.2", "1.2.3.4", "01.2.3", "one.two.three", "1.2.3-", "latest", ">=1.0.0", "1.2.3 || 2.0.0", ""
            })
    void refusesADistTagThatIsNotASemanticVersion(String tag) {
        registry.override(DIST_TAGS, LoopbackRegistry.body("application/json", "{\"latest\":\"" + tag + "\"}"));
        assertFails(() -> source.distTag(CLI, "latest"), "not a valid semantic version", "'" + tag + "'");
    }

    @Test
    void neverOffersAPublishedVersionThatIsNotASemanticVersion() {
        registry.override(
                PACKUMENT,
                LoopbackRegistry.body(
                        "application/json",
                        "{\"dist-tags\":{},\"versions\":{"
                                + "\"1.0.0\":{},\"1.2\":{},\"9.9.9.9\":{},\"01.5.0\":{},\"2.0\":{},\"banana\":{},\"\":{}}}"));
        ReliabilityLedger.hostileInputOfCallingTest("versions that are not semantic versions");
        assertEquals(List.of(Version.parse("1.0.0")), source.versions(CLI));
    }

    /** Packuments whose types are wrong where waiaas reads them, and the cause each refusal must name. */
    static Stream<Arguments> wrongTypedPackuments() {
        String good = "\"name\":\"@waiaas/cli\",\"version\":\"1.1.0\"";
        String dist = "\"tarball\":\"http://127.0.0.1/x.tgz\",\"integrity\":\"sha512-AAAA\"";
        return Stream.of(
                Arguments.of("a number", "42", "not an object"),
                Arguments.of("null", "null", "not an object"),
                Arguments.of("versions as a list", "{\"versions\":[\"1.1.0\"]}", "without a versions object"),
                Arguments.of("a manifest that is a string", "{\"versions\":{\"1.1.0\":\"1.1.0\"}}", "not an object"),
                Arguments.of(
                        "dist.tarball a number",
                        "{\"versions\":{\"1.1.0\":{" + good
                                + ",\"dist\":{\"tarball\":7,\"integrity\":\"sha512-AAAA\"}}}}",
                        "no dist.tarball"),
                Arguments.of(
                        "dist.integrity a list",
                        "{\"versions\":{\"1.1.0\":{" + good
                                + ",\"dist\":{\"tarball\":\"http://127.0.0.1/x.tgz\",\"integrity\":[\"sha512-AAAA\"]}}}}",
                        "no dist.integrity"),
                Arguments.of(
                        "dist.signatures an object",
                        "{\"versions\":{\"1.1.0\":{" + good + ",\"dist\":{" + dist
                                + ",\"signatures\":{\"keyid\":\"k\"}}}}}",
                        "not a list"),
                Arguments.of(
                        "a signature keyid a number",
                        "{\"versions\":{\"1.1.0\":{" + good + ",\"dist\":{" + dist
                                + ",\"signatures\":[{\"keyid\":1,\"sig\":\"s\"}]}}}}",
                        "string keyid and sig"),
                Arguments.of(
                        "a publish time that is a number",
                        "{\"versions\":{\"1.1.0\":{" + good + ",\"dist\":{" + dist
                                + "}}},\"time\":{\"1.1.0\":1700000000}}",
                        "invalid publish time"),
                Arguments.of(
                        "a waiaas block with a string schema",
                        "{\"versions\":{\"1.1.0\":{" + good
                                + ",\"waiaas\":{\"schemaVersion\":\"3\",\"minCompatibleSchemaVersion\":1},\"dist\":{"
                                + dist
                                + "}}}}",
                        "needs integer schemaVersion"),
                Arguments.of(
                        "a manifest of another package",
                        "{\"versions\":{\"1.1.0\":{\"name\":\"@evil/cli\"," + "\"version\":\"1.1.0\",\"dist\":{" + dist
                                + "}}}}",
                        "names another package"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongTypedPackuments")
    void refusesAPackumentWithWrongTypes(String name, String packument, String cause) {
        registry.override(PACKUMENT, LoopbackRegistry.body("application/json", packument));
        assertFails(() -> source.release(CLI, Version.parse("1.1.0")), cause);
    }

    @Test
    void refusesATagThatDoesNotPointAtAVersion() {
        registry.override(DIST_TAGS, LoopbackRegistry.body("application/json", "{\"latest\":{\"evil\":true}}"));
        assertFails(() -> source.distTag(CLI, "latest"), "not a valid semantic version", "latest");
    }

    @ParameterizedTest(name = "Content-Length declared: {0}")
    @ValueSource(booleans = {true, false})
    void refusesATwoGibibyteBodyAtTheCapWhileStreaming(boolean declareLength) {
        registry.override(PACKUMENT, LoopbackRegistry.hugeBody(TWO_GIB, declareLength));
        assertFails(() -> source.versions(CLI), "larger than the 1048576-byte cap");
        awaitHangUp();
        System.out.println("2 GiB body (declared: " + declareLength + "): the registry wrote "
                + registry.responseBytes() + " bytes");
        assertTrue(registry.responseBytes() < 16L * 1024 * 1024, "server sent " + registry.responseBytes());
    }

    @Test
    void capsTheDistTagsDocumentFarBelowThePackumentCap() {
        registry.override(DIST_TAGS, LoopbackRegistry.hugeBody(200L * 1024, false));
        assertFails(() -> source.distTag(CLI, "latest"), "larger than the 65536-byte cap");
    }

    @Test
    void refusesARedirectToAnotherHost() {
        String elsewhere = "http://localhost:" + registry.port() + "/elsewhere/dist-tags";
        registry.override(DIST_TAGS, LoopbackRegistry.redirect(302, elsewhere));
        assertFails(() -> source.distTag(CLI, "latest"), "another host (localhost)");
        assertEquals(0, registry.requestsTo("/elsewhere/dist-tags"));
    }

    @Test
    void followsARedirectWithinTheSameHost() {
        registry.override(DIST_TAGS, LoopbackRegistry.redirect(301, "/mirror/dist-tags"));
        registry.override("/mirror/dist-tags", LoopbackRegistry.body("application/json", "{\"latest\":\"1.1.0\"}"));
        assertEquals(Version.parse("1.1.0"), source.distTag(CLI, "latest"));
    }

    @Test
    void stopsFollowingARedirectLoop() {
        registry.override(DIST_TAGS, LoopbackRegistry.redirect(302, DIST_TAGS));
        assertFails(() -> source.distTag(CLI, "latest"), "redirected more than 5 times");
    }

    @Test
    void readsAGzipBody() throws IOException {
        byte[] gzipped = gzip("{\"latest\":\"1.1.0\"}".getBytes(StandardCharsets.UTF_8));
        registry.override(DIST_TAGS, exchange -> {
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, gzipped.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(gzipped);
            }
        });
        assertEquals(Version.parse("1.1.0"), source.distTag(CLI, "latest"));
        assertEquals(
                "gzip", registry.requests().get(0).header("Accept-Encoding").orElseThrow());
    }

    @Test
    void refusesAGzipBombOnceDecompressed() throws IOException {
        byte[] bomb = gzip(new byte[8 * 1024 * 1024]);
        registry.override(PACKUMENT, exchange -> {
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, bomb.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bomb);
            }
        });
        assertTrue(bomb.length < 1024 * 1024);
        assertFails(() -> source.versions(CLI), "once decompressed");
    }

    @Test
    void refusesAPlainHttpRegistryOnAnotherHostBeforeAnyRequest() {
        assertFails(() -> NpmRegistry.versionSource(URI.create("http://registry.example.com/")), "https");
        assertFails(() -> NpmRegistry.versionSource(URI.create("ftp://127.0.0.1/")), "https");
        assertEquals(0, registry.requests().size());
    }

    @Test
    void refusesAnInvalidPackageNameWithoutARequest() {
        assertFails(() -> source.distTag("../../etc/passwd", "latest"), "not a valid npm package name");
        assertFails(() -> source.versions("@waiaas/cli?x=1"), "not a valid npm package name");
        assertEquals(0, registry.requests().size());
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(data);
        }
        return buffer.toByteArray();
    }
}
