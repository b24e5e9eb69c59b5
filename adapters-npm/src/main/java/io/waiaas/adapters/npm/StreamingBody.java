package io.waiaas.adapters.npm;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Hand a response body of at most {@code max} bytes to a {@link Sink} chunk by chunk as it arrives, so a package is
 * hashed and written while it streams and never held in memory; the exchange is cancelled as soon as the cap is
 * passed or the sink fails.
 */
final class StreamingBody implements HttpResponse.BodySubscriber<Void> {

    /** Receive a download's bytes in order. */
    interface Sink {
        /** Prepare for a body of {@code length} bytes, when the server announced it; called once, first. */
        void start(OptionalLong length) throws IOException;

        /** Take the next chunk. */
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** Carry a failure of the sink out of the HTTP client, so it is not mistaken for a network failure. */
    static final class SinkFailed extends IOException {
        private static final long serialVersionUID = 1L;

        SinkFailed(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final long max;
    private final boolean skip;
    private final OptionalLong declared;
    private final String encoding;
    private final Sink sink;
    private volatile Flow.Subscription subscription;
    private volatile long lastActivity = System.nanoTime();
    private long received;

    private StreamingBody(long max, boolean skip, OptionalLong declared, String encoding, Sink sink) {
        this.max = max;
        this.skip = skip;
        this.declared = declared;
        this.encoding = encoding;
        this.sink = sink;
    }

    /** Return a subscriber for {@code info}: bodies of other statuses than 200 are not read at all. */
    static StreamingBody forResponse(HttpResponse.ResponseInfo info, long max, Sink sink) {
        return new StreamingBody(
                max,
                info.statusCode() != 200,
                info.headers().firstValueAsLong("Content-Length"),
                info.headers()
                        .firstValue("Content-Encoding")
                        .orElse("identity")
                        .strip()
                        .toLowerCase(Locale.ROOT),
                sink);
    }

    /** Return when the last chunk (or the headers) arrived, in {@link System#nanoTime()} terms. */
    long lastActivity() {
        return lastActivity;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        lastActivity = System.nanoTime();
        if (skip) {
            // Only status and headers matter for 3xx/4xx/5xx.
            s.cancel();
            done.complete(null);
            return;
        }
        if (!encoding.equals("identity")) {
            // A tarball is already gzip; a transfer encoding on top would make the integrity check hash other bytes.
            fail(new IOException("unsupported Content-Encoding " + OneLine.quoted(encoding)));
            return;
        }
        if (declared.isPresent() && declared.getAsLong() > max) {
            fail(new CappedBody.TooLarge(max));
            return;
        }
        try {
            sink.start(declared);
        } catch (IOException | RuntimeException e) {
            fail(new SinkFailed(e));
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (done.isDone()) {
            return;
        }
        lastActivity = System.nanoTime();
        for (ByteBuffer item : items) {
            received += item.remaining();
            if (received > max) {
                fail(new CappedBody.TooLarge(max));
                return;
            }
            try {
                sink.accept(item);
            } catch (IOException | RuntimeException e) {
                fail(new SinkFailed(e));
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }

    /** Stop reading: the deadline passed or the server stalled. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        done.cancel(false);
    }

    private void fail(IOException e) {
        subscription.cancel();
        done.completeExceptionally(e);
    }
}
