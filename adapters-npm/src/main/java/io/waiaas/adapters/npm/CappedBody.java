package io.waiaas.adapters.npm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collect a response body of at most {@code max} bytes, cancelling the exchange as soon as more arrives, so a
 * hostile registry cannot make waiaas read (or buffer) more than the cap.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** Signal a body over the cap; the exchange was cancelled without reading the rest. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("answer is larger than " + max + " bytes");
        }
    }

    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final long max;
    private final boolean skip;
    private final OptionalLong declared;
    private volatile Flow.Subscription subscription;
    private long received;

    private CappedBody(long max, boolean skip, OptionalLong declared) {
        this.max = max;
        this.skip = skip;
        this.declared = declared;
    }

    /** Return a subscriber for {@code info}: bodies of other statuses than 200 are not read at all. */
    static CappedBody forResponse(HttpResponse.ResponseInfo info, long max) {
        return new CappedBody(max, info.statusCode() != 200, info.headers().firstValueAsLong("Content-Length"));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (skip) {
            // Only status and headers matter for 3xx/4xx/5xx; cancelling closes the connection instead of
            // reading an error page of any size.
            s.cancel();
            body.complete(new byte[0]);
        } else if (declared.isPresent() && declared.getAsLong() > max) {
            s.cancel();
            body.completeExceptionally(new TooLarge(max));
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            received += item.remaining();
            if (received > max) {
                subscription.cancel();
                body.completeExceptionally(new TooLarge(max));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            buffer.writeBytes(chunk);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable throwable) {
        body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        body.complete(buffer.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    /** Stop reading: the deadline passed. */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        body.cancel(false);
    }
}
