package io.waiaas.application.testkit;

import io.waiaas.application.port.out.InstanceLock;
import java.util.Optional;

class InMemoryInstanceLockTest implements InstanceLockContract {
    private final InMemoryInstanceLock lock = new InMemoryInstanceLock(4242);
    private long nextPid = 5000;

    @Override
    public InstanceLock newLock() {
        return lock;
    }

    @Override
    public long ownPid() {
        return lock.ownPid();
    }

    @Override
    public Optional<Long> publishedPid() {
        return lock.publishedPid();
    }

    @Override
    public Optional<OtherProcess> holdElsewhere() {
        long pid = nextPid++;
        if (!lock.takeAs(pid)) {
            return Optional.empty();
        }
        return Optional.of(new OtherProcess() {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public void release() {
                lock.releaseAs(pid);
            }

            @Override
            public void crash() {
                lock.crash(pid);
            }
        });
    }

    @Override
    public void leaveStalePidFile() {
        lock.leaveStalePidFile(nextPid++);
    }
}
