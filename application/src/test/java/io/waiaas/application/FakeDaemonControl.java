package io.waiaas.application;

import io.waiaas.application.port.out.DaemonControl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Pretend to find, start and stop a daemon process. */
final class FakeDaemonControl implements DaemonControl {
    volatile Optional<Long> running = Optional.empty();
    volatile OptionalInt childExit = OptionalInt.empty();
    volatile Optional<String> childLastLine = Optional.empty();
    final List<Long> terminated = new ArrayList<>();
    long nextPid = 4242;

    @Override
    public Optional<Long> runningPid() {
        return running;
    }

    @Override
    public boolean removeStalePidFile() {
        return false;
    }

    @Override
    public Spawned spawn() {
        long pid = nextPid;
        if (childExit.isEmpty()) {
            running = Optional.of(pid);
        }
        return new Spawned() {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public OptionalInt exitCode() {
                return childExit;
            }

            @Override
            public Optional<String> lastLogLine() {
                return childLastLine;
            }
        };
    }

    @Override
    public boolean terminate(long pid, Duration timeout) {
        terminated.add(pid);
        running = Optional.empty();
        return true;
    }

    @Override
    public boolean kill(long pid, Duration timeout) {
        return terminate(pid, timeout);
    }
}
