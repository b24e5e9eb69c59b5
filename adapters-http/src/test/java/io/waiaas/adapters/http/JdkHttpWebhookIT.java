package io.waiaas.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.Webhook;
import io.waiaas.application.testkit.LoopbackReceiver;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.WebhookContract;
import io.waiaas.domain.Notification;
import io.waiaas.domain.WebhookAnswer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link WebhookContract} against a real receiver on 127.0.0.1, and checks what goes over the wire. */
class JdkHttpWebhookIT implements WebhookContract {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<LoopbackReceiver> receivers = new ArrayList<>();
    private LoopbackReceiver receiver;

    @AfterEach
    void stopTheReceivers() {
        receivers.forEach(LoopbackReceiver::close);
    }

    private Path tokenFile(String token, String mode) {
        try {
            Path file = dir.resolve("webhook-token");
            Files.writeString(file, token + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Webhook to(LoopbackReceiver r) {
        receiver = r;
        receivers.add(r);
        return HttpAdapters.webhook(r.uri(), Optional.of(tokenFile(TOKEN, "rw-------")));
    }

    @Override
    public Webhook toReceiverAnswering(int status) {
        return to(LoopbackReceiver.start().answering(status));
    }

    @Override
    public Webhook toADownReceiver() {
        receiver = null;
        URI down = LoopbackRegistry.closedPortUri().resolve("/hooks/T0-secret-path");
        return HttpAdapters.webhook(down, Optional.of(tokenFile(TOKEN, "rw-------")));
    }

    @Override
    public Webhook toASlowReceiver(Duration delay) {
        return to(LoopbackReceiver.start().answeringAfter(delay).answering(200));
    }

    @Override
    public List<String> receivedIds() {
        return receiver.received().stream()
                .map(r -> json(r.body()).get("id").textValue())
                .toList();
    }

    @Override
    public List<Optional<String>> receivedAuthorizations() {
        return receiver.received().stream()
                .map(LoopbackReceiver.Received::authorization)
                .toList();
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void postsTheDocumentedPayloadToThePathGiven() {
        Webhook webhook = toReceiverAnswering(204);
        Notification event = WebhookContract.event("9c1f2a7e-0000-3000-8000-000000000001");
        webhook.post(event, TIMEOUT);
        LoopbackReceiver.Received got = receiver.received().getFirst();
        assertEquals("/hooks/T0-secret-path", got.path());
        assertEquals(Optional.of("application/json"), got.contentType());
        JsonNode body = json(got.body());
        assertEquals(List.of("event", "id", "at", "host", "from", "to", "reason", "message"), fieldNames(body));
        assertEquals("upgrade.rolled_back", body.get("event").textValue());
        assertEquals("2026-12-07T10:15:30.123Z", body.get("at").textValue());
        assertEquals("0.1.0", body.get("from").textValue());
        assertEquals("0.1.1", body.get("to").textValue());
        assertEquals("migration-failed", body.get("reason").textValue());
        assertEquals("host-1", body.get("host").textValue());
    }

    @Test
    void unknownValuesAreNullNotMissing() {
        Webhook webhook = toReceiverAnswering(200);
        webhook.post(
                new Notification(
                        "upgrade.started",
                        "id-2",
                        Instant.parse("2026-12-07T10:00:00Z"),
                        "h",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "m"),
                TIMEOUT);
        JsonNode body = json(receiver.received().getFirst().body());
        assertEquals(8, body.size());
        assertTrue(body.get("from").isNull()
                && body.get("to").isNull()
                && body.get("reason").isNull());
    }

    @Test
    void withoutATokenFileNoAuthorizationIsSent() {
        receiver = LoopbackReceiver.start();
        receivers.add(receiver);
        Webhook webhook = HttpAdapters.webhook(receiver.uri(), Optional.empty());
        assertEquals(new WebhookAnswer.Status(204), webhook.post(WebhookContract.event("e"), TIMEOUT));
        assertEquals(Optional.empty(), receiver.received().getFirst().authorization());
    }

    @Test
    void aTokenFileOthersMayReadIsRefusedAndNothingIsSent() {
        receiver = LoopbackReceiver.start();
        receivers.add(receiver);
        Path file = tokenFile(TOKEN, "rw-r--r--");
        WebhookAnswer answer =
                HttpAdapters.webhook(receiver.uri(), Optional.of(file)).post(WebhookContract.event("e"), TIMEOUT);
        assertEquals(
                new WebhookAnswer.Unreachable("[notify] webhook_token_file " + file
                        + " may be read by others (mode 0644), refused; run: chmod 600 " + file),
                answer);
        assertEquals(List.of(), receiver.received());
    }

    @Test
    void aRedirectIsNotFollowedSoTheTokenStaysWithTheReceiver() {
        LoopbackReceiver elsewhere = LoopbackReceiver.start();
        receivers.add(elsewhere);
        Webhook webhook = to(LoopbackReceiver.start().redirectingTo(elsewhere.uri()));
        assertEquals(new WebhookAnswer.Status(307), webhook.post(WebhookContract.event("e"), TIMEOUT));
        assertEquals(List.of(), elsewhere.received());
    }

    @Test
    void noAnswerNamesThePathOrTheToken() {
        List<WebhookAnswer> answers = List.of(
                toADownReceiver().post(WebhookContract.event("e"), TIMEOUT),
                toASlowReceiver(Duration.ofSeconds(10)).post(WebhookContract.event("e"), Duration.ofMillis(300)));
        for (WebhookAnswer answer : answers) {
            String words = answer.describe();
            assertTrue(words.contains("http://127.0.0.1:"), words);
            assertFalse(words.contains("secret-path") || words.contains(TOKEN), words);
        }
    }

    @Test
    void theOriginHidesPathQueryAndUserInfo() {
        assertEquals(
                "https://hooks.example:8443",
                HttpAdapters.webhookOrigin(URI.create("https://user:pw@hooks.example:8443/services/T0/B0/XYZ?k=v")));
        assertEquals("http://127.0.0.1:9", HttpAdapters.webhookOrigin(URI.create("http://127.0.0.1:9/")));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
