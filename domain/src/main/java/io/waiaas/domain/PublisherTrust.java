package io.waiaas.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decide whether a release package is the publisher's own (TRST-B1..B3): its manifest is signed by a key the
 * installed version trusts, or by a key such a key endorsed in the release's key list; that key has not expired and
 * was not revoked before the release was signed; the manifest's version and schema range are what the registry
 * claimed; and every file is the one the manifest lists, none missing and none added.
 *
 * <p>Pure: the signature arithmetic is a {@link Verifier} the caller gives (an adapter holding the JDK's Ed25519),
 * and the clock is an argument.
 */
public final class PublisherTrust {

    private PublisherTrust() {}

    /** Check one Ed25519 signature. */
    @FunctionalInterface
    public interface Verifier {
        /**
         * Tell whether {@code signature} (base64) is a valid signature of {@code message} by {@code publicKey}
         * (base64 X.509); false, never an exception, for a malformed key or signature.
         */
        boolean verifies(String publicKey, byte[] message, String signature);
    }

    /** Which check refused a release, as one word for scripts and the name the refusal's line begins with. */
    public enum Check {
        /** The package has no readable manifest, signature or key list. */
        MANIFEST("manifest"),
        /** The manifest is signed by a key neither trusted nor in the release's key list. */
        UNKNOWN_KEY("unknown-key"),
        /** The signing key is in the release's key list, but no key the installed version trusts endorsed it. */
        ENDORSEMENT("endorsement"),
        /** The signing key has expired. */
        EXPIRED_KEY("expired-key"),
        /** The signing key was revoked before the release was signed. */
        REVOKED_KEY("revoked-key"),
        /** The signature does not verify. */
        SIGNATURE("signature"),
        /** The manifest's version is not the registry's. */
        VERSION("version"),
        /** The manifest's schema range is not the registry's. */
        SCHEMA("schema"),
        /** A file was changed, removed or added after signing. */
        FILES("files");

        private final String word;

        Check(String word) {
            this.word = word;
        }

        /** Return the check's name as scripts read it ({@code unknown-key}). */
        public String word() {
            return word;
        }
    }

    /** What the checks found. */
    public sealed interface Verdict {
        /** The release is the publisher's: signed by {@code keyId}; {@code newKeys} are the keys it newly endorsed. */
        record Trusted(String keyId, List<String> newKeys) implements Verdict {
            public Trusted {
                Objects.requireNonNull(keyId, "keyId");
                newKeys = List.copyOf(newKeys);
            }
        }

        /** The release is refused by {@code check}, for the reason {@code message} (one line). */
        record Refused(Check check, String message) implements Verdict {
            public Refused {
                Objects.requireNonNull(check, "check");
                Objects.requireNonNull(message, "message");
            }
        }
    }

    /**
     * What the registry (or the operator, for a file) claimed of the release.
     *
     * @param version the version
     * @param schema the schema range of its package.json as the registry gave it, empty when none
     * @param publishedAt when the registry says it was published, empty offline
     */
    public record Claim(Version version, Optional<ReleaseSchema> schema, Optional<Instant> publishedAt) {
        public Claim {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(publishedAt, "publishedAt");
        }
    }

    /**
     * A release package as found, not yet trusted.
     *
     * @param manifest its parsed manifest
     * @param manifestBytes the manifest file's bytes, which the signature signs
     * @param signature the manifest's detached signature
     * @param keys its key list
     * @param files every regular file of the package (path below the package folder) and its SHA-256 hex
     */
    public record Candidate(
            ReleaseManifest manifest,
            byte[] manifestBytes,
            ReleaseManifest.Signature signature,
            PublisherKeys keys,
            Map<String, String> files) {
        public Candidate {
            Objects.requireNonNull(manifest, "manifest");
            manifestBytes = manifestBytes.clone();
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(keys, "keys");
            files = Map.copyOf(files);
        }
    }

    /**
     * Decide whether {@code candidate} may be installed by a version trusting {@code installed}, at {@code now}.
     *
     * @param installed the key list of the installed version, trusted as it stands (it was checked when installed)
     * @param candidate the release package
     * @param claim what the registry claimed of it
     * @param now the time
     * @param verifier the Ed25519 arithmetic
     */
    public static Verdict decide(
            PublisherKeys installed, Candidate candidate, Claim claim, Instant now, Verifier verifier) {
        Objects.requireNonNull(installed, "installed");
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(claim, "claim");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(verifier, "verifier");

        List<PublisherKeys.Revocation> revocations = new ArrayList<>(installed.revocations());
        Map<String, PublisherKeys.Key> trusted = trusted(installed, candidate.keys(), revocations, now, verifier);
        // A revocation in the release counts when a trusted key signed it; then the trust is worked out again,
        // since the revoked key may have endorsed another.
        for (PublisherKeys.Revocation revocation : candidate.keys().revocations()) {
            PublisherKeys.Key by = trusted.get(revocation.by());
            if (by != null
                    && !revocations.contains(revocation)
                    && verifier.verifies(by.publicKey(), revocation.signedText(), revocation.signature())) {
                revocations.add(revocation);
            }
        }
        trusted = trusted(installed, candidate.keys(), revocations, now, verifier);

        ReleaseManifest manifest = candidate.manifest();
        String keyId = candidate.signature().keyId();
        PublisherKeys.Key key = trusted.get(keyId);
        if (key == null) {
            if (candidate.keys().key(keyId).isPresent()) {
                return refused(
                        Check.ENDORSEMENT,
                        "the release is signed by key " + keyId + ", which its key list introduces but no key this"
                                + " installation trusts (" + String.join(", ", ids(installed)) + ") endorsed");
            }
            return refused(
                    Check.UNKNOWN_KEY,
                    "the release is signed by key " + keyId + ", which this installation does not trust (it trusts "
                            + String.join(", ", ids(installed)) + ")");
        }
        if (key.expiredAt(now)) {
            return refused(
                    Check.EXPIRED_KEY, "the release is signed by key " + keyId + ", which expired at " + key.expires());
        }
        Instant signed = claim.publishedAt()
                .filter(published -> published.isAfter(manifest.signedAt()))
                .orElse(manifest.signedAt());
        Optional<PublisherKeys.Revocation> revoked = revocations.stream()
                .filter(r -> r.id().equals(keyId) && !signed.isBefore(r.revokedAt()))
                .findFirst();
        if (revoked.isPresent()) {
            return refused(
                    Check.REVOKED_KEY,
                    "the release is signed by key " + keyId + ", revoked at "
                            + revoked.get().revokedAt() + ", and was signed or published after that (" + signed + ")");
        }
        if (!verifier.verifies(
                key.publicKey(),
                candidate.manifestBytes(),
                candidate.signature().signature())) {
            return refused(Check.SIGNATURE, "the manifest's signature does not verify with key " + keyId);
        }
        if (!manifest.version().equals(claim.version())) {
            return refused(
                    Check.VERSION,
                    "the signed manifest is for version " + manifest.version() + ", but the registry offers it as "
                            + claim.version());
        }
        if (claim.schema().filter(manifest.schema()::equals).isEmpty()) {
            return refused(
                    Check.SCHEMA,
                    "the signed manifest declares schema " + range(Optional.of(manifest.schema()))
                            + ", but the registry claims " + range(claim.schema()));
        }
        Optional<String> difference = manifest.differenceFrom(candidate.files());
        if (difference.isPresent()) {
            return refused(Check.FILES, difference.get());
        }
        List<String> newKeys = trusted.keySet().stream()
                .filter(id -> installed.key(id).isEmpty())
                .toList();
        return new Verdict.Trusted(keyId, newKeys);
    }

    /**
     * Return the keys trusted for {@code candidate}: the installed ones, and those of the candidate's list endorsed by
     * a trusted key (transitively), neither expired nor revoked as endorsers. An installed key keeps its installed
     * form even when the candidate lists another under its id.
     */
    private static Map<String, PublisherKeys.Key> trusted(
            PublisherKeys installed,
            PublisherKeys candidate,
            List<PublisherKeys.Revocation> revocations,
            Instant now,
            Verifier verifier) {
        Map<String, PublisherKeys.Key> trusted = new LinkedHashMap<>();
        installed.keys().forEach(k -> trusted.put(k.id(), k));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (PublisherKeys.Key key : candidate.keys()) {
                if (trusted.containsKey(key.id())) {
                    continue;
                }
                for (PublisherKeys.Endorsement endorsement : key.endorsements()) {
                    PublisherKeys.Key by = trusted.get(endorsement.by());
                    boolean revoked = revocations.stream().anyMatch(r -> r.id().equals(endorsement.by()));
                    if (by != null
                            && !revoked
                            && !by.expiredAt(now)
                            && verifier.verifies(by.publicKey(), key.endorsedText(), endorsement.signature())) {
                        trusted.put(key.id(), key);
                        grew = true;
                        break;
                    }
                }
            }
        }
        return trusted;
    }

    private static List<String> ids(PublisherKeys keys) {
        return keys.keys().isEmpty()
                ? List.of("no key")
                : keys.keys().stream().map(PublisherKeys.Key::id).toList();
    }

    private static String range(Optional<ReleaseSchema> schema) {
        return schema.map(s -> s.schemaVersion() + " (migrating from " + s.minCompatible() + ")")
                .orElse("no schema range");
    }

    private static Verdict refused(Check check, String message) {
        return new Verdict.Refused(check, message);
    }
}
