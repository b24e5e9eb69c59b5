package io.waiaas.application.testkit;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.PublishedVersion;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Answer from {@link PublishedPackages} in memory; the verified fake of {@link VersionSource}. */
public final class InMemoryVersionSource implements VersionSource {
    private static final Pattern SCHEMA_VERSION = Pattern.compile("\"schemaVersion\"\\s*:\\s*(-?\\d+)\\s*[,}]");
    private static final Pattern RELEASE_NOTES = Pattern.compile("\"releaseNotes\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern JSON_ESCAPE = Pattern.compile("\\\\(u[0-9a-fA-F]{4}|.)");
    private static final Pattern MIN_COMPATIBLE =
            Pattern.compile("\"minCompatibleSchemaVersion\"\\s*:\\s*(-?\\d+)\\s*[,}]");

    private final PublishedPackages published;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();

    /** Create a source answering from {@code published}. */
    public InMemoryVersionSource(PublishedPackages published) {
        this.published = Objects.requireNonNull(published, "published");
    }

    /** Make every following call throw {@code failure} (as an unreachable registry would), until {@link #recover}. */
    public void failWith(RuntimeException failure) {
        this.failure.set(Objects.requireNonNull(failure, "failure"));
    }

    /** Answer normally again. */
    public void recover() {
        failure.set(null);
    }

    /** Return how many calls were made. */
    public int calls() {
        return calls.get();
    }

    @Override
    public Version distTag(String packageName, String tag) {
        PublishedPackages.Published pkg = lookUp(packageName);
        String text = Optional.ofNullable(pkg.distTags().get(tag))
                .orElseThrow(() ->
                        ApplicationException.failed("npm registry has no dist-tag '" + tag + "' for " + packageName));
        return Version.tryParse(text)
                .orElseThrow(() -> ApplicationException.failed("dist-tag '" + tag + "' of " + packageName
                        + " is not a valid semantic version: '" + text + "'"));
    }

    @Override
    public List<Version> versions(String packageName) {
        return lookUp(packageName).versions().stream()
                .flatMap(v -> Version.tryParse(v).stream())
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .toList();
    }

    @Override
    public PackageRelease release(String packageName, Version version) {
        PublishedPackages.Published pkg = lookUp(packageName);
        String v = pkg.versions().stream()
                .filter(text -> Version.tryParse(text).filter(version::equals).isPresent())
                .findFirst()
                .orElseThrow(() ->
                        ApplicationException.failed("npm registry has no version " + version + " of " + packageName));
        String tarballUrl = pkg.tarballUrl(v)
                .orElse("https://registry.invalid/" + packageName + "/-/"
                        + packageName.substring(packageName.indexOf('/') + 1) + "-" + v + ".tgz");
        return new PackageRelease(
                packageName,
                version,
                tarballUrl,
                pkg.integrity(v),
                pkg.signatures(v),
                Optional.of(pkg.publishedAt(v)),
                schema(pkg.manifestFields(v).get("waiaas"), packageName + "@" + v),
                notes(pkg.manifestFields(v).get("waiaas"), version),
                deprecated(pkg.manifestFields(v).get("deprecated")),
                // As a registry whose packument lists no dist.attestations (TRST-B4).
                ReleaseOrigin.Provenance.NONE);
    }

    @Override
    public List<PublishedVersion> catalogue(String packageName) {
        PublishedPackages.Published pkg = lookUp(packageName);
        java.util.TreeMap<Version, PublishedVersion> found = new java.util.TreeMap<>();
        for (String v : pkg.versions()) {
            Version.tryParse(v)
                    .ifPresent(version -> found.putIfAbsent(
                            version,
                            new PublishedVersion(
                                    version,
                                    Optional.of(pkg.publishedAt(v)),
                                    deprecated(pkg.manifestFields(v).get("deprecated")))));
        }
        return List.copyOf(found.values());
    }

    /** Read a raw {@code deprecated} field: a JSON string is the message; anything else is no deprecation. */
    private static Optional<String> deprecated(String rawJson) {
        if (rawJson == null || !rawJson.startsWith("\"") || rawJson.length() < 2) {
            return Optional.empty();
        }
        String text = JSON_ESCAPE
                .matcher(rawJson.substring(1, rawJson.length() - 1))
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1).length() == 1 ? m.group(1) : m.group()));
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** Read {@code releaseNotes} of the raw waiaas block: a JSON string, unescaped here; its entries up to {@code v}. */
    private static List<ReleaseNotes> notes(String rawJson, Version v) {
        Matcher notes = rawJson == null ? null : RELEASE_NOTES.matcher(rawJson);
        if (notes == null || !notes.find()) {
            return List.of();
        }
        String text = JSON_ESCAPE
                .matcher(notes.group(1))
                .replaceAll(m -> Matcher.quoteReplacement(
                        switch (m.group(1)) {
                            case "n" -> "\n";
                            case "t" -> "\t";
                            case "r" -> "\r";
                            case "b" -> "\b";
                            case "f" -> "\f";
                            default ->
                                m.group(1).startsWith("u")
                                        ? String.valueOf((char)
                                                Integer.parseInt(m.group(1).substring(1), 16))
                                        : m.group(1);
                        }));
        return ReleaseNotes.parseChangelog(text).stream()
                .filter(entry -> entry.version().compareTo(v) <= 0)
                .toList();
    }

    private static Optional<ReleaseSchema> schema(String rawJson, String id) {
        if (rawJson == null) {
            return Optional.empty();
        }
        Matcher schema = SCHEMA_VERSION.matcher(rawJson);
        Matcher minimum = MIN_COMPATIBLE.matcher(rawJson);
        if (!schema.find() || !minimum.find()) {
            throw ApplicationException.failed(
                    "the waiaas block of " + id + " needs integer schemaVersion and minCompatibleSchemaVersion");
        }
        try {
            return Optional.of(ReleaseSchema.of(Integer.parseInt(schema.group(1)), Integer.parseInt(minimum.group(1))));
        } catch (WaiaasException | NumberFormatException e) {
            throw ApplicationException.failed("the waiaas block of " + id + " is invalid: " + e.getMessage());
        }
    }

    private PublishedPackages.Published lookUp(String packageName) {
        calls.incrementAndGet();
        RuntimeException f = failure.get();
        if (f != null) {
            throw f;
        }
        return published
                .find(packageName)
                .orElseThrow(
                        () -> ApplicationException.failed("package " + packageName + " is not in the npm registry"));
    }
}
