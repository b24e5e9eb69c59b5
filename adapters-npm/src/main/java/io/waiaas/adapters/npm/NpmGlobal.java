package io.waiaas.adapters.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.domain.Version;
import io.waiaas.platform.Layout;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An npm global install of waiaas ({@code {prefix}/lib/node_modules/{package}}), which npm itself upgrades:
 * waiaas verifies the release first, then runs {@code npm install -g} (UPGR-B2).
 */
final class NpmGlobal {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OUTPUT_KEPT = 64 * 1024;

    private final Path prefix;
    private final String packageName;
    private final Path packageDir;

    private NpmGlobal(Path prefix, String packageName, Path packageDir) {
        this.prefix = prefix;
        this.packageName = packageName;
        this.packageDir = packageDir;
    }

    /**
     * Return the npm global install that {@code image} is the package folder of, or empty: the image must be
     * {@code {prefix}/lib/node_modules/{name}} (after resolving links) with a package.json naming {@code {name}}.
     */
    static Optional<NpmGlobal> detect(Path image) {
        Path real;
        try {
            real = image.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        for (Path p = real.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() == null || !p.getFileName().toString().equals("node_modules")) {
                continue;
            }
            // The nearest node_modules decides: under lib/ it is a global install; anything else (a project's
            // local install, a dependency of another package) is not waiaas's to upgrade with npm -g.
            Path lib = p.getParent();
            if (lib == null
                    || lib.getFileName() == null
                    || !lib.getFileName().toString().equals("lib")
                    || lib.getParent() == null) {
                return Optional.empty();
            }
            String name = p.relativize(real).toString();
            return packageName(real).filter(name::equals).map(n -> new NpmGlobal(lib.getParent(), n, real));
        }
        return Optional.empty();
    }

    private static Optional<String> packageName(Path dir) {
        return readPackageJson(dir)
                .map(json -> json.path("name"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::textValue);
    }

    private static Optional<JsonNode> readPackageJson(Path dir) {
        Path file = dir.resolve("package.json");
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 1024 * 1024) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Return the name of the package npm holds, such as {@code @waiaas/cli}. */
    String packageName() {
        return packageName;
    }

    /** Return the npm prefix, such as {@code /usr/local}. */
    Path prefix() {
        return prefix;
    }

    /** Return the version npm has installed now. */
    InstalledVersion current() {
        String version = readPackageJson(packageDir)
                .map(json -> json.path("version").asText(""))
                .orElseThrow(() -> new NpmRegistryException("could not read " + packageDir.resolve("package.json")));
        Version parsed = Version.tryParse(version)
                .orElseThrow(() -> new NpmRegistryException(
                        packageDir.resolve("package.json") + " has no valid version: " + OneLine.quoted(version)));
        return new InstalledVersion(
                parsed, packageDir.toString(), Layout.launcher(packageDir).toString());
    }

    /**
     * Run {@code npm install -g} for {@code release} from the registry of {@code access}, with its credentials and
     * proxy, and return what npm installed.
     */
    InstalledVersion install(
            PackageRelease release, RegistryAccess access, Map<String, String> environment, Duration timeout) {
        try (NpmSettings settings = NpmSettings.forInstall(access, environment)) {
            return install(release, access.registry(), settings.environment(), timeout);
        } catch (IOException e) {
            throw new NpmRegistryException("could not prepare npm's settings for " + release.id() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private InstalledVersion install(
            PackageRelease release, URI registry, Map<String, String> environment, Duration timeout) {
        if (!release.packageName().equals(packageName)) {
            throw new NpmRegistryException(
                    "this npm global install holds " + packageName + ", not " + release.packageName());
        }
        List<String> options = new ArrayList<>(List.of("--registry", registry.toString()));
        if (packageName.startsWith("@")) {
            // A scope registry in the operator's .npmrc would beat --registry; the verified registry must win.
            options.add("--" + packageName.substring(0, packageName.indexOf('/')) + ":registry=" + registry);
        }
        return run(options, release.id(), release.version(), environment, timeout);
    }

    /**
     * Install {@code version} from {@code tgz}, its package kept on this machine, with {@code npm install -g
     * --offline}: no registry is asked.
     */
    InstalledVersion installKept(Path tgz, Version version, Map<String, String> environment, Duration timeout) {
        return run(List.of("--offline"), tgz.toString(), version, environment, timeout);
    }

    private InstalledVersion run(
            List<String> options, String spec, Version expected, Map<String, String> environment, Duration timeout) {
        Path npm = findNpm(environment)
                .orElseThrow(() -> new NpmRegistryException("npm is not on PATH; this waiaas"
                        + " lives in an npm global install (" + prefix + "), which is upgraded with npm install -g"));
        List<String> command =
                new ArrayList<>(List.of(npm.toString(), "install", "--global", "--prefix", prefix.toString()));
        command.addAll(options);
        command.addAll(List.of(
                "--ignore-scripts", "--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error", spec));
        String output;
        int exit;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(environment);
            builder.redirectErrorStream(true);
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process process = builder.start();
            Tail tail = new Tail(process.getInputStream());
            Thread reader = Thread.ofPlatform().daemon().name("npm-output").start(tail);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new NpmRegistryException(
                        "npm install -g " + spec + " did not finish within " + RegistryHttp.human(timeout));
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            output = tail.text();
            exit = process.exitValue();
        } catch (IOException e) {
            throw new NpmRegistryException("could not run " + npm + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NpmRegistryException("interrupted while npm installed " + spec, e);
        }
        if (exit != 0) {
            String message = "npm install -g " + spec + " failed (exit " + exit + "): " + summary(output);
            throw output.contains("EINTEGRITY")
                    ? NpmRegistryException.refused(message)
                    : new NpmRegistryException(message);
        }
        InstalledVersion now = current();
        if (!now.version().equals(expected)) {
            throw new NpmRegistryException(
                    "npm install -g " + spec + " left " + now.version() + " installed in " + packageDir);
        }
        return now;
    }

    private static Optional<Path> findNpm(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "npm");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String summary(String output) {
        List<String> lines =
                output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String errors = lines.stream()
                .filter(l -> l.startsWith("npm error") || l.startsWith("npm ERR!"))
                .filter(l -> !l.contains("A complete log of this run"))
                .limit(4)
                .collect(Collectors.joining("; "));
        if (!errors.isEmpty()) {
            return errors;
        }
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    /** Keep the last bytes a process writes, so a chatty npm cannot fill memory. */
    private static final class Tail implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n; (n = in.read(chunk)) != -1; ) {
                    synchronized (kept) {
                        kept.write(chunk, 0, n);
                        if (kept.size() > 2 * OUTPUT_KEPT) {
                            byte[] all = kept.toByteArray();
                            kept.reset();
                            kept.write(all, all.length - OUTPUT_KEPT, OUTPUT_KEPT);
                        }
                    }
                }
            } catch (IOException e) {
                // npm is gone or closed its output; what was read is all there is.
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
