package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Find pids of processes that are gone, as a stale pid file names them. */
final class DeadPids {
    private DeadPids() {}

    /** Return the pid of a process that ran and exited just now. */
    static long one() {
        try {
            Process process = new ProcessBuilder("true").start();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "'true' did not exit");
            return process.pid();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run 'true'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
