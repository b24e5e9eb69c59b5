package io.waiaas.adapters.npm;

import io.waiaas.platform.Layout;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Have an installed version make its own AOT caches: a JDK 25 cache matches only the absolute module path it was
 * trained on, so a copy installed anywhere trains its own with its {@code lib/waiaas-aot} (docs/performance.md).
 *
 * <p>The training (about half a minute of CPU) runs detached, at the lowest priority, so it neither holds up nor
 * competes much with the upgrade that installed the version; until it finishes the version simply starts without
 * caches, and a training that fails leaves it so. Its output goes to {@code lib/waiaas-aot.log}.
 */
final class AotCaches {
    /** Variables of the installing process that must not reach the training's processes. */
    private static final Set<String> NOT_INHERITED = Set.of(
            Layout.Env.LIFELINE,
            Layout.Env.UPGRADE_CHILD,
            Layout.Env.LAUNCHER,
            Layout.Env.DATA_DIR,
            Layout.Env.JAVA_OPTS,
            RegistryCredentials.TOKEN_VARIABLE,
            NpmSettings.TOKEN_VARIABLE);

    private AotCaches() {}

    /**
     * Start the training of the version installed at {@code home} in the background, when it ships the training
     * script; never fails: a version without caches works, only slower.
     *
     * @return whether a training was started
     */
    static boolean trainInBackground(Path home, Map<String, String> environment) {
        Path script = home.resolve("lib").resolve("waiaas-aot");
        if (!Files.isRegularFile(script)) {
            return false;
        }
        List<String> command = new ArrayList<>();
        // Its own session: the training outlives the upgrade that started it, and a terminal's hangup with it.
        onPath(environment, "setsid").ifPresent(setsid -> command.add(setsid.toString()));
        onPath(environment, "nice").ifPresent(nice -> command.addAll(List.of(nice.toString(), "-n", "19")));
        command.addAll(List.of("/bin/sh", script.toString(), "--quiet"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        environment.forEach((name, value) -> {
            if (!NOT_INHERITED.contains(name)) {
                builder.environment().put(name, value);
            }
        });
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(
                home.resolve("lib").resolve("waiaas-aot.log").toFile()));
        try {
            builder.start();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static java.util.Optional<Path> onPath(Map<String, String> environment, String tool) {
        for (String dir : environment.getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = dir.isEmpty() ? null : Path.of(dir, tool);
            if (candidate != null && Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }
}
