package io.waiaas.adapters.npm;

import io.waiaas.application.port.out.StopAdvisor;
import io.waiaas.application.schema.RegistryStopAdvisor;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.application.testkit.StopAdvisorContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** Runs the {@link StopAdvisorContract} against {@link RegistryStopAdvisor} over npm from a loopback registry. */
@Timeout(60)
class NpmRegistryStopAdvisorIT implements StopAdvisorContract {
    private final List<LoopbackRegistry> registries = new ArrayList<>();

    @AfterEach
    void stopRegistries() {
        registries.forEach(LoopbackRegistry::close);
    }

    @Override
    public StopAdvisor newAdvisor(PublishedPackages published, Duration budget) {
        return advisor(serve(published), budget);
    }

    @Override
    public StopAdvisor failingAdvisor(Duration budget) {
        return advisor(
                serve(new PublishedPackages())
                        .override(LoopbackRegistry.packumentPath(CLI), LoopbackRegistry.status(500)),
                budget);
    }

    @Override
    public StopAdvisor silentAdvisor(Duration budget) {
        return advisor(
                serve(new PublishedPackages())
                        .override(
                                LoopbackRegistry.packumentPath(CLI),
                                LoopbackRegistry.stallBeforeHeaders(Duration.ofSeconds(45))),
                budget);
    }

    private LoopbackRegistry serve(PublishedPackages published) {
        LoopbackRegistry registry = LoopbackRegistry.serve(published);
        registries.add(registry);
        return registry;
    }

    /** Ask {@code registry} with a client timeout longer than any test: only the advisor's budget cuts it short. */
    private static StopAdvisor advisor(LoopbackRegistry registry, Duration budget) {
        return new RegistryStopAdvisor(
                NpmRegistry.versionSource(registry.uri(), Duration.ofSeconds(45), NpmRegistry.DEFAULT_MAX_BYTES),
                CLI,
                budget);
    }
}
