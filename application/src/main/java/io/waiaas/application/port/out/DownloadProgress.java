package io.waiaas.application.port.out;

import java.util.OptionalLong;

/** Receive the progress of a package download, such as to draw a progress bar (UPGR-B6). */
@FunctionalInterface
public interface DownloadProgress {

    /** Ignore progress. */
    DownloadProgress NONE = (received, total) -> {};

    /**
     * Report that {@code received} bytes have arrived so far, of {@code total} when the registry announced the size.
     *
     * <p>Called after each chunk, in order, possibly from a thread other than the caller's; it should return quickly.
     */
    void update(long received, OptionalLong total);
}
