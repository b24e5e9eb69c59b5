package io.waiaas.adapters.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.VersionSource;
import io.waiaas.application.testkit.LoopbackRegistry;
import io.waiaas.application.testkit.PublishedPackages;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Measure the response bytes of the periodic check (VCHK-B1): an unchanged dist-tags document costs a 304,
 * compared with fetching the packument. Prints the numbers; asserts only the 304 bound, never time.
 */
@Timeout(30)
class NpmRegistryTrafficIT {
    private static final String CLI = "@waiaas/cli";

    private static PublishedPackages realisticHistory() {
        PublishedPackages published = new PublishedPackages();
        for (int minor = 0; minor < 10; minor++) {
            for (int patch = 0; patch < 4; patch++) {
                published.publish(CLI, "1." + minor + "." + patch);
            }
        }
        return published.publish(CLI, "2.0.0-rc.1").tag(CLI, "latest", "1.9.3").tag(CLI, "next", "2.0.0-rc.1");
    }

    @Test
    void anUnchangedPeriodicCheckCostsAtMostOneKilobyte() throws IOException {
        try (LoopbackRegistry registry = LoopbackRegistry.serve(realisticHistory())) {
            VersionSource source = NpmRegistry.versionSource(registry.uri());

            assertEquals(Version.parse("1.9.3"), source.distTag(CLI, "latest"));
            long firstCheck = registry.responseBytes();

            registry.resetCounters();
            assertEquals(Version.parse("1.9.3"), source.distTag(CLI, "latest"));
            long unchangedCheck = registry.responseBytes();
            assertEquals(1, registry.requests().size());

            registry.resetCounters();
            source.versions(CLI);
            long abbreviatedPackument = registry.responseBytes();

            registry.resetCounters();
            fetchFullPackument(URI.create(
                    registry.uri() + LoopbackRegistry.packumentPath(CLI).substring(1)));
            long fullPackument = registry.responseBytes();

            System.out.printf(
                    "VCHK-B1 response bytes (41 versions): unchanged check (304) = %d, first check"
                            + " (dist-tags 200) = %d, abbreviated packument = %d, full packument = %d%n",
                    unchangedCheck, firstCheck, abbreviatedPackument, fullPackument);
            assertTrue(unchangedCheck <= 1024, "304 check sent " + unchangedCheck + " bytes");
            assertTrue(unchangedCheck < fullPackument / 50, unchangedCheck + " vs " + fullPackument);
        }
    }

    private static void fetchFullPackument(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setRequestProperty("Accept", "application/json");
        try (InputStream in = connection.getInputStream()) {
            in.transferTo(OutputStream.nullOutputStream());
        } finally {
            connection.disconnect();
        }
    }
}
