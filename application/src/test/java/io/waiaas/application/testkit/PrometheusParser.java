package io.waiaas.application.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Read a {@code /metrics} scrape with a real parser of the exposition formats: Python's {@code prometheus_client}
 * (pinned and installed by {@code scripts/prometheus-parser}, run through {@code tools/prometheus/parse.py}). A scrape
 * the parser refuses fails the calling test with the parser's message.
 */
public final class PrometheusParser {
    private static volatile String sitePath;

    private PrometheusParser() {}

    /**
     * Parse {@code body} in the format its {@code contentType} names (OpenMetrics, else the 0.0.4 text format) and
     * return its samples as {@code name{label="value",...}} (labels sorted by name) to their values, in order.
     *
     * @throws AssertionError when the parser refuses the scrape
     */
    public static Scrape parse(String body, String contentType) {
        String kind = contentType.toLowerCase(Locale.ROOT).startsWith("application/openmetrics-text")
                ? "openmetrics"
                : "text";
        Path root = repositoryRoot();
        ProcessBuilder builder = new ProcessBuilder(
                "python3", root.resolve("tools/prometheus/parse.py").toString(), kind);
        try {
            builder.environment().put("PYTHONPATH", site(root));
            Process process = builder.start();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(body.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the Prometheus parser did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("the Prometheus parser refused the scrape (" + kind + "): "
                        + err.join().strip() + "\n--- scrape ---\n" + body);
            }
            return Scrape.of(out.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while parsing", e);
        }
    }

    private static synchronized String site(Path root) throws IOException, InterruptedException {
        if (sitePath == null) {
            Process install = new ProcessBuilder(
                            root.resolve("scripts/prometheus-parser").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            install.getOutputStream().close();
            String printed = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!install.waitFor(5, TimeUnit.MINUTES) || install.exitValue() != 0) {
                throw new AssertionError("scripts/prometheus-parser could not install the parser");
            }
            sitePath = printed;
        }
        return sitePath;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/prometheus-parser"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("no scripts/prometheus-parser above " + System.getProperty("user.dir"));
        }
        return dir;
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * What the parser read.
     *
     * @param families each metric family's name (as the parser names it: counters without {@code _total}) and type
     * @param samples each sample, {@code name{label="value",...}}, to its value
     */
    public record Scrape(Map<String, String> families, Map<String, Double> samples) {

        static Scrape of(String printed) {
            Map<String, String> families = new LinkedHashMap<>();
            Map<String, Double> samples = new LinkedHashMap<>();
            List<String> odd = new ArrayList<>();
            for (String line : printed.split("\n")) {
                if (line.startsWith("family ")) {
                    String[] parts = line.split(" ");
                    families.put(parts[1], parts[2]);
                } else if (line.startsWith("sample ")) {
                    int space = line.lastIndexOf(' ');
                    String value = line.substring(space + 1);
                    samples.put(
                            line.substring("sample ".length(), space),
                            switch (value) {
                                case "nan" -> Double.NaN;
                                case "inf" -> Double.POSITIVE_INFINITY;
                                case "-inf" -> Double.NEGATIVE_INFINITY;
                                default -> Double.parseDouble(value);
                            });
                } else if (!line.isBlank()) {
                    odd.add(line);
                }
            }
            if (!odd.isEmpty()) {
                throw new AssertionError("unexpected parser output: " + odd);
            }
            return new Scrape(Map.copyOf(families), Map.copyOf(samples));
        }

        /** Return the value of the one sample named {@code name} with exactly {@code labels}, or fail. */
        public double value(String name, String labels) {
            String key = name + "{" + labels + "}";
            Double value = samples.get(key);
            if (value == null) {
                throw new AssertionError("no sample " + key + " in " + samples.keySet());
            }
            return value;
        }
    }
}
