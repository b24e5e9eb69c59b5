package io.waiaas.adapters.npm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.PackageSignature;
import io.waiaas.domain.Verification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Check a release's registry signatures against the keys the registry publishes at {@code /-/npm/v1/keys}, with
 * npm's rules (UPGR-B1): every signature must name a published key, that key must not have expired before the
 * version was published, and it must verify over {@code {name}@{version}:{integrity}}; a registry that publishes
 * keys must have signed the version.
 */
final class RegistrySignatures {
    /** The cap on the key list: a handful of keys fits in a few kilobytes. */
    static final long KEYS_MAX_BYTES = 64 * 1024;

    private static final String KEY_TYPE = "ecdsa-sha2-nistp256";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One published key; empty {@code publicKey} when it is of a type waiaas cannot use. */
    record Key(String keyId, Optional<PublicKey> publicKey, Optional<Instant> expires) {}

    private RegistrySignatures() {}

    /** Return the registry's signing keys, or empty when it publishes none (no endpoint, or an empty list). */
    static Optional<List<Key>> fetch(RegistryHttp http, RegistryUrls urls) {
        RegistryHttp.Response response = http.get(urls.keys(), "application/json", Optional.empty(), KEYS_MAX_BYTES);
        switch (response.status()) {
            case 200 -> {
                List<Key> keys = parse(response);
                return keys.isEmpty() ? Optional.empty() : Optional.of(keys);
            }
            case 404, 405 -> {
                return Optional.empty();
            }
            default -> throw http.statusFailure(response.status(), response.uri(), " for its signing keys");
        }
    }

    private static List<Key> parse(RegistryHttp.Response response) {
        JsonNode keys;
        try {
            keys = JSON.readTree(response.body()).path("keys");
        } catch (IOException e) {
            throw new NpmRegistryException(
                    "npm registry sent signing keys that are not JSON (GET " + response.uri() + ")", e);
        }
        if (!keys.isArray()) {
            throw new NpmRegistryException(
                    "npm registry sent signing keys without a keys list (GET " + response.uri() + ")");
        }
        List<Key> parsed = new ArrayList<>();
        for (JsonNode key : keys) {
            JsonNode keyId = key.path("keyid");
            if (!keyId.isTextual()) {
                throw new NpmRegistryException(
                        "npm registry sent a signing key without a keyid (GET " + response.uri() + ")");
            }
            parsed.add(new Key(keyId.textValue(), publicKey(key), expires(key.path("expires"), keyId.textValue())));
        }
        return List.copyOf(parsed);
    }

    private static Optional<PublicKey> publicKey(JsonNode key) {
        if (!KEY_TYPE.equals(key.path("keytype").asText())
                || !KEY_TYPE.equals(key.path("scheme").asText())
                || !key.path("key").isTextual()) {
            return Optional.empty();
        }
        try {
            byte[] der = Base64.getDecoder().decode(key.path("key").textValue());
            return Optional.of(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> expires(JsonNode expires, String keyId) {
        if (expires.isMissingNode() || expires.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(expires.asText()));
        } catch (DateTimeParseException e) {
            throw new NpmRegistryException(
                    "npm registry gives an invalid expiry for signing key " + keyId + ": "
                            + OneLine.quoted(expires.asText()),
                    e);
        }
    }

    /**
     * Refuse {@code release} unless every signature verifies with a key valid at its publish time; return the keys
     * that verified it.
     */
    static Verification.Signed verify(PackageRelease release, List<Key> keys) {
        String id = release.id();
        if (release.signatures().isEmpty()) {
            throw NpmRegistryException.refused(
                    id + " is not signed although the registry publishes signing keys," + " refused");
        }
        String message = id + ":" + release.integrity();
        for (PackageSignature signature : release.signatures()) {
            Key key = keys.stream()
                    .filter(k -> k.keyId().equals(signature.keyId()))
                    .findFirst()
                    .orElseThrow(() -> NpmRegistryException.refused(id + " is signed with key "
                            + OneLine.quoted(signature.keyId()) + ", which the registry does not publish, refused"));
            if (key.expires().isPresent()) {
                Instant publishedAt = release.publishedAt()
                        .orElseThrow(() -> NpmRegistryException.refused(id
                                + ": the registry gives no publish time, so the expiry of key " + key.keyId()
                                + " cannot be judged, refused"));
                if (!publishedAt.isBefore(key.expires().get())) {
                    throw NpmRegistryException.refused(id + " is signed with key " + key.keyId() + ", which expired at "
                            + key.expires().get() + ", before the version was published at " + publishedAt
                            + ", refused");
                }
            }
            PublicKey publicKey = key.publicKey()
                    .orElseThrow(() -> NpmRegistryException.refused(id + " is signed with key " + key.keyId()
                            + ", which is not an " + KEY_TYPE + " key, refused"));
            if (!verifies(publicKey, message, signature.signature())) {
                throw NpmRegistryException.refused(
                        id + ": the registry signature by key " + key.keyId() + " does not verify, refused");
            }
        }
        return new Verification.Signed(
                release.signatures().stream().map(PackageSignature::keyId).toList());
    }

    private static boolean verifies(PublicKey key, String message, String signatureBase64) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
