package io.waiaas.application;

import io.waiaas.application.port.out.Workers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remember what was scheduled, running nothing. */
final class FakeWorkers implements Workers {
    final List<String> scheduled = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void schedule(String name, Duration interval, boolean runImmediately, Runnable work) {
        scheduled.add(name);
    }

    @Override
    public void close() {
        closed = true;
    }
}
