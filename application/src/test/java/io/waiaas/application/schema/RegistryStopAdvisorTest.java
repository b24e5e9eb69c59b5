package io.waiaas.application.schema;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.StopAdvisor;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.testkit.InMemoryVersionSource;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.StopAdvisorContract;
import io.waiaas.domain.Version;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the {@link StopAdvisorContract} against {@link RegistryStopAdvisor} over the verified in-memory registry, which
 * makes it the verified stop advisor of service tests.
 */
class RegistryStopAdvisorTest implements StopAdvisorContract {
    private final CountDownLatch testEnded = new CountDownLatch(1);

    @AfterEach
    void letSilentRegistriesGo() {
        testEnded.countDown();
    }

    @Override
    public StopAdvisor newAdvisor(PublishedPackages published, Duration budget) {
        return new RegistryStopAdvisor(new InMemoryVersionSource(published), CLI, budget);
    }

    @Override
    public StopAdvisor failingAdvisor(Duration budget) {
        InMemoryVersionSource source = new InMemoryVersionSource(new PublishedPackages());
        source.failWith(ApplicationException.failed("npm registry answered HTTP 500"));
        return new RegistryStopAdvisor(source, CLI, budget);
    }

    @Override
    public StopAdvisor silentAdvisor(Duration budget) {
        return new RegistryStopAdvisor(new SilentSource(), CLI, budget);
    }

    /** A registry that takes every question and answers none until the test ends. */
    private final class SilentSource implements VersionSource {
        @Override
        public Version distTag(String packageName, String tag) {
            return silence();
        }

        @Override
        public List<Version> versions(String packageName) {
            return silence();
        }

        @Override
        public PackageRelease release(String packageName, Version version) {
            return silence();
        }

        private <T> T silence() {
            try {
                testEnded.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw ApplicationException.failed("the registry hung up");
        }
    }
}
