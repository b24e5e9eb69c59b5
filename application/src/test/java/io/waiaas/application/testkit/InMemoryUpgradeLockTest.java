package io.waiaas.application.testkit;

import io.waiaas.application.port.out.UpgradeLock;
import java.util.Optional;

class InMemoryUpgradeLockTest implements UpgradeLockContract {
    private InMemoryUpgradeLock lock;
    private int others;

    @Override
    public UpgradeLock newLock() {
        lock = new InMemoryUpgradeLock();
        return lock;
    }

    @Override
    public Optional<OtherProcess> holdElsewhere() {
        String name = "upgrade " + ++others;
        InMemoryUpgradeLock of = lock;
        if (!of.takeAs(name)) {
            return Optional.empty();
        }
        return Optional.of(new OtherProcess() {
            @Override
            public void release() {
                of.releaseAs(name);
            }

            @Override
            public void crash() {
                of.releaseAs(name);
            }
        });
    }
}
