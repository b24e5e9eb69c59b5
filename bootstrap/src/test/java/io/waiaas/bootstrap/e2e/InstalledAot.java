package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/** Check the AOT caches of an installed copy: made where it lives, and opened by its launcher. */
final class InstalledAot {
    private InstalledAot() {}

    /**
     * Run {@code args} through {@code runner} with the JVM's AOT log on and check that it opened
     * {@code {home}/lib/waiaas-{role}.aot} and reported no error with it. The runner puts {@code --data-dir} first,
     * so even {@code --version} is the {@code cli} role there.
     */
    static void assertOpensItsCache(ImageRunner runner, Path home, String role, String... args)
            throws IOException, InterruptedException {
        runner.env("WAIAAS_JAVA_OPTS", "-Xlog:aot=info:stderr");
        try {
            ImageRunner.Result r = runner.run(args);
            String cache = home.resolve("lib/waiaas-" + role + ".aot").toString();
            assertTrue(r.err().contains("Opened AOT cache " + cache), "did not open " + cache + ":\n" + r.err());
            // A cache made elsewhere can be half-accepted (its module graph disabled, its classes kept with another
            // image's code sources): only a cache made for these very paths keeps the full module graph.
            assertTrue(r.err().contains("full module graph: enabled"), "the cache only half matched:\n" + r.err());
            assertFalse(r.err().contains("[error]"), r.err());
        } finally {
            runner.env("WAIAAS_JAVA_OPTS", "");
        }
    }

    /** Wait until the copy at {@code home} has finished training caches that name it, newer than {@code since}. */
    static void awaitCaches(Path home, Instant since, Duration timeout) throws IOException, InterruptedException {
        Path marker = home.resolve("lib/waiaas-aot.home");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(marker)
                    && Files.getLastModifiedTime(marker).compareTo(FileTime.from(since)) >= 0
                    && !Files.exists(home.resolve("lib/.aot-training"))) {
                assertEquals(home + "\n", Files.readString(marker));
                return;
            }
            Thread.sleep(500);
        }
        Path log = home.resolve("lib/waiaas-aot.log");
        throw new AssertionError("no AOT caches were made in " + home + " within " + timeout + "; training log: "
                + (Files.exists(log) ? Files.readString(log) : "(none)"));
    }
}
