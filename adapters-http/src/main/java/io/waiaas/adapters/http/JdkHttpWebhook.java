package io.waiaas.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.Webhook;
import io.waiaas.domain.Notification;
import io.waiaas.domain.Version;
import io.waiaas.domain.WebhookAnswer;
import io.waiaas.platform.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Post webhook events as JSON with the JDK's HTTP client: {@code Authorization: Bearer} from the token file, read at
 * each POST (so a token that is replaced, or a file whose mode is fixed, counts at once), no redirects followed (the
 * token must not travel to another origin), and the whole exchange cut short at the timeout. What goes wrong is an
 * answer whose words name the receiver's origin only: its path may itself be a secret (chat services put their
 * token there), and the token never appears.
 */
final class JdkHttpWebhook implements Webhook {
    static final String TOKEN_SETTING = "[notify] webhook_token_file";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The longest a connection may take; the whole POST is bounded by its own timeout as well. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Starts each exchange off the caller's thread. */
    private static final Executor STARTER = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("waiaas-webhook-", 0).factory());

    private final URI url;
    private final String origin;
    private final Optional<Path> tokenFile;
    private volatile HttpClient client;

    JdkHttpWebhook(URI url, Optional<Path> tokenFile) {
        this.url = Objects.requireNonNull(url, "url");
        this.tokenFile = Objects.requireNonNull(tokenFile, "tokenFile");
        this.origin = origin(url);
    }

    /** Return {@code scheme://host[:port]} of {@code url}: what may be shown of it. */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority().replaceFirst("^.*@", "");
    }

    /** Return the JSON object posted for {@code n}: every key always, {@code null} where a value is unknown. */
    static String payload(Notification n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", n.event());
        fields.put("id", n.id());
        fields.put("at", n.at().toString());
        fields.put("host", n.host());
        fields.put("from", n.from().map(Version::toString).orElse(null));
        fields.put("to", n.to().map(Version::toString).orElse(null));
        fields.put("reason", n.reason().orElse(null));
        fields.put("message", n.message());
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public WebhookAnswer post(Notification notification, Duration timeout) {
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(timeout, "timeout");
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "waiaas")
                .POST(HttpRequest.BodyPublishers.ofString(payload(notification)));
        if (tokenFile.isPresent()) {
            switch (SecretFiles.read(tokenFile.get(), TOKEN_SETTING)) {
                case SecretFiles.Secret.Token token -> request.header("Authorization", "Bearer " + token.value());
                case SecretFiles.Secret.Refused refused -> {
                    return new WebhookAnswer.Unreachable(refused.problem());
                }
            }
        }
        // Everything from here runs on a virtual thread, the client's first build and the connection included, so
        // that the caller gets its answer at the timeout even when the JVM is cold or the network slow.
        HttpRequest built = request.build();
        AtomicReference<CompletableFuture<HttpResponse<Void>>> exchange = new AtomicReference<>();
        CompletableFuture<HttpResponse<Void>> sent = CompletableFuture.supplyAsync(
                        () -> {
                            CompletableFuture<HttpResponse<Void>> started =
                                    client().sendAsync(built, HttpResponse.BodyHandlers.discarding());
                            exchange.set(started);
                            return started;
                        },
                        STARTER)
                .thenCompose(started -> started);
        try {
            return new WebhookAnswer.Status(
                    sent.get(timeout.toNanos(), TimeUnit.NANOSECONDS).statusCode());
        } catch (TimeoutException e) {
            cancel(exchange);
            return noAnswerWithin(timeout);
        } catch (InterruptedException e) {
            cancel(exchange);
            Thread.currentThread().interrupt();
            return new WebhookAnswer.Unreachable("interrupted while posting to " + origin);
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            return unreachable(cause, timeout);
        }
    }

    private static void cancel(AtomicReference<CompletableFuture<HttpResponse<Void>>> exchange) {
        CompletableFuture<HttpResponse<Void>> started = exchange.get();
        if (started != null) {
            started.cancel(true); // aborts the exchange and closes its connection
        }
    }

    private WebhookAnswer unreachable(Throwable cause, Duration timeout) {
        // Never the exception's message: the JDK's may carry the URL, and with it the path.
        return switch (cause) {
            case HttpConnectTimeoutException e ->
                new WebhookAnswer.Unreachable("no connection to " + origin + " within " + timeout.toMillis() + " ms");
            case HttpTimeoutException e -> noAnswerWithin(timeout);
            case ConnectException e -> new WebhookAnswer.Unreachable("connection refused by " + origin);
            case IOException e ->
                new WebhookAnswer.Unreachable(
                        "no answer from " + origin + " (" + e.getClass().getSimpleName() + ")");
            default ->
                new WebhookAnswer.Unreachable(
                        "could not post to " + origin + " (" + cause.getClass().getSimpleName() + ")");
        };
    }

    private WebhookAnswer noAnswerWithin(Duration timeout) {
        return new WebhookAnswer.Unreachable("no answer from " + origin + " within " + timeout.toMillis() + " ms");
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .connectTimeout(CONNECT_TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .build();
                }
                c = client;
            }
        }
        return c;
    }
}
