package io.waiaas.bootstrap.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * N and N+1 (the packages the build made) published once per test JVM with real {@code npm publish} into a Verdaccio
 * storage that every private-registry test then serves under its own access rules: publishing 80 MB takes half a
 * minute, and the published bytes do not change between tests.
 */
final class VerdaccioReleases {
    /** A Verdaccio folder (config, users) and the storage it published N and an N+1 into. */
    record Published(Path home, Path storage) {}

    private static final Map<String, Published> PUBLISHED = new HashMap<>();

    private VerdaccioReleases() {}

    /** Return the Verdaccio folder (config, users) of the published storage, publishing first if needed. */
    static Path home() throws IOException, InterruptedException {
        return published("").home();
    }

    /** Return the storage holding N and N+1, publishing them first if needed. */
    static Path storage() throws IOException, InterruptedException {
        return published("").storage();
    }

    /**
     * Return a Verdaccio folder and storage holding N and the N+1 test package with {@code nextSuffix} ("" or a
     * variant such as "-failing-migration"), published once per test JVM.
     */
    static synchronized Published published(String nextSuffix) throws IOException, InterruptedException {
        Published done = PUBLISHED.get(nextSuffix);
        if (done != null) {
            return done;
        }
        Path root = Files.createTempDirectory("waiaas-verdaccio-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
        Path registryHome = root.resolve("verdaccio");
        Path registryStorage = root.resolve("storage");
        String n = System.getProperty("waiaas.version");
        String next = TestReleases.nextVersion();
        try (VerdaccioRegistry registry =
                VerdaccioRegistry.start(registryHome, registryStorage, "127.0.0.1", VerdaccioRegistry.ANYONE)) {
            String publisher = registry.addUser("publisher");
            registry.publish(TestReleases.release(n), "latest", publisher, root.resolve("npm"));
            registry.publish(TestReleases.testPackage(next, nextSuffix), "latest", publisher, root.resolve("npm"));
        }
        Published published = new Published(registryHome, registryStorage);
        PUBLISHED.put(nextSuffix, published);
        return published;
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder: the system cleans it eventually.
        }
    }
}
