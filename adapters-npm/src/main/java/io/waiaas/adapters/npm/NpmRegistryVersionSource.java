package io.waiaas.adapters.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.PackageSignature;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.PublishedVersion;
import io.waiaas.domain.ReleaseNotes;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.ReleaseSchema;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Ask an npm registry for dist-tags, published versions and release manifests over HTTPS (VCHK-01, VCHK-B1,
 * VCHK-B3, UPGR-B1).
 */
final class NpmRegistryVersionSource implements VersionSource {
    /** The media type of npm's abbreviated packument: versions without readme, time or per-version extras. */
    static final String ABBREVIATED = "application/vnd.npm.install-v1+json";
    /** The cap on a dist-tags document: a handful of tags fits in a few hundred bytes. */
    static final long DIST_TAGS_MAX_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed answer remembered with its ETag, so an unchanged document costs a 304. */
    private record Cached<T>(String etag, T value) {}

    /** What waiaas reads from a packument. */
    private record Packument(Map<String, String> distTags, List<Version> versions) {}

    private final RegistryUrls urls;
    private final RegistryHttp http;
    private final long maxBytes;
    private final Map<URI, Cached<Map<String, String>>> distTagsCache = new ConcurrentHashMap<>();
    private final Map<URI, Cached<Packument>> packumentCache = new ConcurrentHashMap<>();
    private final Map<URI, Cached<JsonNode>> fullPackumentCache = new ConcurrentHashMap<>();
    // Set once the registry proved it has packuments but no dist-tags endpoint, so later checks skip the 404.
    private volatile boolean distTagsEndpointMissing;

    NpmRegistryVersionSource(RegistryUrls urls, RegistryHttp http, long maxBytes) {
        this.urls = urls;
        this.http = http;
        this.maxBytes = maxBytes;
    }

    RegistryHttp http() {
        return http;
    }

    long maxBytes() {
        return maxBytes;
    }

    URI registry() {
        return urls.base();
    }

    @Override
    public Version distTag(String packageName, String tag) {
        Map<String, String> tags = distTags(packageName);
        String text = Optional.ofNullable(tags.get(tag))
                .orElseThrow(() -> new NpmRegistryException(
                        "npm registry has no dist-tag " + OneLine.quoted(tag) + " for " + packageName));
        return Version.tryParse(text)
                .orElseThrow(() -> new NpmRegistryException("dist-tag " + OneLine.quoted(tag) + " of " + packageName
                        + " is not a valid semantic version: " + OneLine.quoted(text)));
    }

    @Override
    public List<Version> versions(String packageName) {
        return packument(packageName).versions();
    }

    @Override
    public PackageRelease release(String packageName, Version version) {
        JsonNode packument = fullPackument(packageName);
        JsonNode versions = packument.path("versions");
        String key = versionKey(versions, version)
                .orElseThrow(() ->
                        new NpmRegistryException("npm registry has no version " + version + " of " + packageName));
        String id = packageName + "@" + key;
        JsonNode manifest = versions.get(key);
        if (!manifest.isObject()) {
            throw new NpmRegistryException("npm registry sent a manifest of " + id + " that is not an object");
        }
        if (!packageName.equals(manifest.path("name").asText(packageName))
                || !key.equals(manifest.path("version").asText(key))) {
            throw new NpmRegistryException("npm registry's manifest of " + id + " names another package: "
                    + OneLine.quoted(manifest.path("name").asText() + "@"
                            + manifest.path("version").asText()));
        }
        JsonNode dist = manifest.path("dist");
        return new PackageRelease(
                packageName,
                version,
                text(dist, "tarball", id),
                text(dist, "integrity", id),
                signatures(dist.path("signatures"), id),
                publishedAt(packument.path("time").path(key), id),
                schema(manifest.path("waiaas"), id),
                notes(manifest.path("waiaas").path("releaseNotes"), version),
                deprecated(manifest.path("deprecated")),
                provenance(dist.path("attestations")));
    }

    @Override
    public List<PublishedVersion> catalogue(String packageName) {
        JsonNode packument = fullPackument(packageName);
        JsonNode time = packument.path("time");
        TreeMap<Version, PublishedVersion> found = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : packument.path("versions").properties()) {
            Optional<Version> version = Version.tryParse(entry.getKey());
            if (version.isEmpty() || found.containsKey(version.get())) {
                continue;
            }
            found.put(
                    version.get(),
                    new PublishedVersion(
                            version.get(),
                            // A malformed time of one version must not hide the others: it counts as unknown here
                            // (release() of that version names it).
                            lenientTime(time.path(entry.getKey())),
                            deprecated(entry.getValue().path("deprecated"))));
        }
        return List.copyOf(found.values());
    }

    /**
     * Return the full packument, not GET /{name}/{version}: it is the one document that has both the versions'
     * package.json fields (dist, the waiaas block, deprecated) and their publish times, and registries serve it for
     * scoped names too.
     */
    private JsonNode fullPackument(String packageName) {
        URI uri = urls.packument(packageName);
        JsonNode packument = conditionalGet(uri, "application/json", maxBytes, fullPackumentCache, json -> json)
                .orElseThrow(() -> new NpmRegistryException(
                        "package " + packageName + " is not in the npm registry (GET " + uri + ")"));
        if (!packument.path("versions").isObject()) {
            throw new NpmRegistryException("npm registry sent a packument without a versions object (GET " + uri + ")");
        }
        return packument;
    }

    private static Optional<Instant> lenientTime(JsonNode time) {
        try {
            return time.isTextual() ? Optional.of(Instant.parse(time.textValue())) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Read {@code versions[v].deprecated}: a message; anything else (absent, false, "") is no deprecation. */
    private static Optional<String> deprecated(JsonNode node) {
        return node.isTextual() && !node.textValue().isBlank() ? Optional.of(node.textValue()) : Optional.empty();
    }

    /**
     * Read whether the registry lists a provenance attestation ({@code dist.attestations.provenance}, written by
     * {@code npm publish --provenance}; TRST-B4). Only its presence is read: the attestation is not verified here.
     */
    static ReleaseOrigin.Provenance provenance(JsonNode attestations) {
        return attestations.path("provenance").isObject()
                ? ReleaseOrigin.Provenance.ATTESTED
                : ReleaseOrigin.Provenance.NONE;
    }

    /**
     * Read the entries of {@code waiaas.releaseNotes} (the version's changelog section, which the release's
     * package.json carries so that notes need no download) up to {@code version}; a value that is not text gives
     * none: notes are for reading, never a reason to refuse a release.
     */
    static List<ReleaseNotes> notes(JsonNode text, Version version) {
        if (!text.isTextual()) {
            return List.of();
        }
        return ReleaseNotes.parseChangelog(text.textValue()).stream()
                .filter(entry -> entry.version().compareTo(version) <= 0)
                .toList();
    }

    private static Optional<String> versionKey(JsonNode versions, Version version) {
        if (versions.has(version.toString())) {
            return Optional.of(version.toString());
        }
        // A registry may list a version with build metadata; npm's precedence ignores it, and so does Version.
        for (Map.Entry<String, JsonNode> entry : versions.properties()) {
            if (Version.tryParse(entry.getKey()).filter(version::equals).isPresent()) {
                return Optional.of(entry.getKey());
            }
        }
        return Optional.empty();
    }

    private static String text(JsonNode dist, String field, String id) {
        JsonNode value = dist.path(field);
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new NpmRegistryException("npm registry's manifest of " + id + " has no dist." + field);
        }
        return value.textValue();
    }

    private static List<PackageSignature> signatures(JsonNode node, String id) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new NpmRegistryException(
                    "npm registry's manifest of " + id + " has a dist.signatures that is not" + " a list");
        }
        List<PackageSignature> signatures = new ArrayList<>();
        for (JsonNode entry : node) {
            JsonNode keyId = entry.path("keyid");
            JsonNode sig = entry.path("sig");
            if (!keyId.isTextual() || !sig.isTextual()) {
                throw new NpmRegistryException(
                        "npm registry's manifest of " + id + " has a signature without a" + " string keyid and sig");
            }
            signatures.add(new PackageSignature(keyId.textValue(), sig.textValue()));
        }
        return List.copyOf(signatures);
    }

    private static Optional<Instant> publishedAt(JsonNode time, String id) {
        if (time.isMissingNode() || time.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(time.asText()));
        } catch (DateTimeParseException e) {
            throw new NpmRegistryException(
                    "npm registry gives an invalid publish time for " + id + ": " + OneLine.quoted(time.asText()), e);
        }
    }

    static Optional<ReleaseSchema> schema(JsonNode block, String id) {
        if (block.isMissingNode() || block.isNull()) {
            return Optional.empty();
        }
        JsonNode schema = block.path("schemaVersion");
        JsonNode minimum = block.path("minCompatibleSchemaVersion");
        if (!block.isObject()
                || !schema.isIntegralNumber()
                || !schema.canConvertToInt()
                || !minimum.isIntegralNumber()
                || !minimum.canConvertToInt()) {
            throw new NpmRegistryException(
                    "the waiaas block of " + id + " needs integer schemaVersion and minCompatibleSchemaVersion");
        }
        try {
            return Optional.of(ReleaseSchema.of(schema.intValue(), minimum.intValue()));
        } catch (WaiaasException e) {
            throw new NpmRegistryException("the waiaas block of " + id + " is invalid: " + e.getMessage(), e);
        }
    }

    private Map<String, String> distTags(String packageName) {
        if (!distTagsEndpointMissing) {
            URI uri = urls.distTags(packageName);
            Optional<Map<String, String>> tags = conditionalGet(
                    uri,
                    "application/json",
                    Math.min(DIST_TAGS_MAX_BYTES, maxBytes),
                    distTagsCache,
                    NpmRegistryVersionSource::stringMap);
            if (tags.isPresent()) {
                return tags.get();
            }
        }
        // The endpoint is missing here (some mirrors and proxies lack it): the abbreviated packument has the tags.
        Map<String, String> tags = packument(packageName).distTags();
        distTagsEndpointMissing = true;
        return tags;
    }

    private Packument packument(String packageName) {
        URI uri = urls.packument(packageName);
        return conditionalGet(uri, ABBREVIATED, maxBytes, packumentCache, NpmRegistryVersionSource::packument)
                .orElseThrow(() -> new NpmRegistryException(
                        "package " + packageName + " is not in the npm registry (GET " + uri + ")"));
    }

    /** GET {@code uri}; return the parsed answer, the cached one on 304, or empty on 404/405. */
    private <T> Optional<T> conditionalGet(
            URI uri, String accept, long max, Map<URI, Cached<T>> cache, Function<JsonNode, T> parse) {
        Optional<Cached<T>> cached = Optional.ofNullable(cache.get(uri));
        RegistryHttp.Response response = http.get(uri, accept, cached.map(Cached::etag), max);
        switch (response.status()) {
            case 200 -> {
                T value = parse.apply(readObject(response));
                response.etag()
                        .ifPresentOrElse(etag -> cache.put(uri, new Cached<>(etag, value)), () -> cache.remove(uri));
                return Optional.of(value);
            }
            case 304 -> {
                return Optional.of(cached.orElseThrow(() -> new NpmRegistryException(
                                "npm registry answered 304 Not Modified to a request without an ETag (GET " + uri
                                        + ")"))
                        .value());
            }
            case 404, 405 -> {
                return Optional.empty();
            }
            default -> throw http.statusFailure(response.status(), response.uri(), "");
        }
    }

    private static JsonNode readObject(RegistryHttp.Response response) {
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "npm registry answered with something that is not JSON (GET " + response.uri() + ")", e);
        }
        if (json == null || !json.isObject()) {
            throw new NpmRegistryException(
                    "npm registry answered with JSON that is not an object (GET " + response.uri() + ")");
        }
        return json;
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        // A non-string value is kept as its JSON text: it then fails as "not a valid semantic version" by name.
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            map.put(
                    e.getKey(),
                    e.getValue().isTextual()
                            ? e.getValue().textValue()
                            : e.getValue().toString());
        }
        return Map.copyOf(map);
    }

    private static Packument packument(JsonNode object) {
        JsonNode tags = object.path("dist-tags");
        JsonNode versions = object.path("versions");
        if (!versions.isObject()) {
            throw new NpmRegistryException("npm registry sent a packument without a versions object");
        }
        TreeSet<Version> valid = new TreeSet<>();
        for (Map.Entry<String, JsonNode> entry : versions.properties()) {
            Version.tryParse(entry.getKey()).ifPresent(valid::add);
        }
        return new Packument(tags.isObject() ? stringMap(tags) : Map.of(), List.copyOf(valid));
    }
}
