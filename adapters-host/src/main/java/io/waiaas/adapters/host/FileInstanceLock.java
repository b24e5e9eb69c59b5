package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.InstanceLock;
import io.waiaas.platform.HeldLocks;
import io.waiaas.platform.IoErrors;
import java.io.IOException;
import java.util.Optional;

/**
 * Hold an OS file lock on {@code daemon.lock} while the daemon runs, and publish its pid in {@code daemon.pid}.
 *
 * <p>The lock, not the pid file, is the truth: the OS drops it when the process dies, even by {@code kill -9},
 * so a stale pid file can never keep a new daemon from starting.
 */
public final class FileInstanceLock implements InstanceLock {
    private final DaemonFiles files;

    public FileInstanceLock(DaemonFiles files) {
        this.files = files;
    }

    @Override
    public Optional<Lease> tryAcquire() {
        Optional<HeldLocks.Held> held;
        try {
            held = files.tryLock();
        } catch (IOException e) {
            throw cannotLock(e);
        }
        if (held.isEmpty()) {
            return Optional.empty();
        }
        long pid = ProcessHandle.current().pid();
        try {
            files.writePid(pid);
        } catch (IOException e) {
            held.get().close();
            throw cannotLock(e);
        }
        return Optional.of(new FileLease(held.get(), pid));
    }

    private ApplicationException cannotLock(IOException e) {
        return ApplicationException.failed(
                "cannot lock " + files.lockFile() + ": " + IoErrors.describe(e, files.lockFile()));
    }

    private final class FileLease implements Lease {
        private final HeldLocks.Held held;
        private final long pid;
        private boolean closed;

        FileLease(HeldLocks.Held held, long pid) {
            this.held = held;
            this.pid = pid;
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            // Remove the pid file while still holding the lock, so nobody reads a pid that is going away. The work
            // under the lock is done: a pid file that cannot be read or removed does not fail it (it names a process
            // that holds no lock, which status and start take for stale), and the lock is released whatever happens.
            try {
                files.deletePidIfOwnedBy(pid);
            } catch (RuntimeException leftBehind) {
                // see above
            } finally {
                held.close();
            }
        }
    }
}
