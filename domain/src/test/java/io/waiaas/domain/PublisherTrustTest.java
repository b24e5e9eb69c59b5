package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PublisherTrustTest {
    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");
    private static final Instant FAR = Instant.parse("2099-01-01T00:00:00Z");
    private static final Version V = Version.parse("1.1.0");
    private static final ReleaseSchema SCHEMA = ReleaseSchema.of(5, 3);
    private static final Map<String, String> FILES =
            Map.of("bin/waiaas", "a".repeat(64), "package.json", "b".repeat(64));
    private static final PublisherTrust.Verifier ED25519 = PublisherTrustTest::verifies;

    private final TestKey key1 = new TestKey("key-1");
    private final TestKey key2 = new TestKey("key-2");
    private final TestKey stranger = new TestKey("key-1");

    @Test
    void trustsAReleaseSignedByAnInstalledKeyWhoseFilesMatch() {
        PublisherTrust.Verdict verdict = decide(installed(key1), release(key1, keys(key1.entry(FAR))));
        assertEquals(new PublisherTrust.Verdict.Trusted("key-1", List.of()), verdict);
    }

    @Test
    void refusesAReleaseSignedByAKeyNobodyTrusts() {
        TestKey other = new TestKey("key-9");
        assertRefused(PublisherTrust.Check.UNKNOWN_KEY, decide(installed(key1), release(other, PublisherKeys.NONE)));
    }

    @Test
    void refusesAReleaseSignedByAnotherKeyUnderATrustedKeysId() {
        assertRefused(PublisherTrust.Check.SIGNATURE, decide(installed(key1), release(stranger, keys())));
    }

    @Test
    void trustsANewKeyEndorsedByAnInstalledKeyAndNamesIt() {
        PublisherKeys list = keys(key1.entry(FAR), key2.endorsedBy(key1, FAR));
        assertEquals(
                new PublisherTrust.Verdict.Trusted("key-2", List.of("key-2")),
                decide(installed(key1), release(key2, list)));
    }

    @Test
    void refusesANewKeyWithoutAnEndorsementByAnInstalledKey() {
        PublisherKeys selfEndorsed = keys(key2.endorsedBy(key2, FAR));
        PublisherTrust.Verdict verdict = decide(installed(key1), release(key2, selfEndorsed));
        assertRefused(PublisherTrust.Check.ENDORSEMENT, verdict);
        assertTrue(((PublisherTrust.Verdict.Refused) verdict).message().contains("key-1"), verdict.toString());
    }

    @Test
    void walksTheRotationOneReleaseAtATime() {
        // N trusts key 1; N+1 (signed by key 1) endorses key 2; N+2 is signed by key 2 and lists key 2 alone.
        PublisherKeys n = installed(key1);
        PublisherKeys n1 = keys(key1.entry(FAR), key2.endorsedBy(key1, FAR));
        PublisherKeys n2 = keys(key2.entry(FAR));
        assertInstanceOf(PublisherTrust.Verdict.Trusted.class, decide(n, release(key1, n1)));
        assertInstanceOf(PublisherTrust.Verdict.Trusted.class, decide(n1, release(key2, n2)));
        assertRefused(PublisherTrust.Check.ENDORSEMENT, decide(n, release(key2, n2)));
    }

    @Test
    void refusesAnExpiredKeyAndAnEndorsementByOne() {
        assertRefused(
                PublisherTrust.Check.EXPIRED_KEY,
                decide(keys(key1.entry(NOW.minusSeconds(1))), release(key1, PublisherKeys.NONE)));
        PublisherKeys expiredEndorser = keys(key1.entry(NOW));
        assertRefused(
                PublisherTrust.Check.ENDORSEMENT,
                decide(expiredEndorser, release(key2, keys(key2.endorsedBy(key1, FAR)))));
        assertRefused(
                PublisherTrust.Check.EXPIRED_KEY,
                decide(installed(key1), release(key2, keys(key2.endorsedBy(key1, NOW.minusSeconds(60))))));
    }

    @Test
    void refusesAReleaseSignedOrPublishedAfterItsKeysRevocation() {
        Instant revokedAt = Instant.parse("2026-06-01T00:00:00Z");
        PublisherKeys.Revocation revocation = key2.revoke(key1, revokedAt);
        PublisherKeys installed = new PublisherKeys(List.of(key1.entry(FAR), key2.entry(FAR)), List.of(revocation));
        Candidate before = release(key2, PublisherKeys.NONE, revokedAt.minusSeconds(60));
        assertInstanceOf(
                PublisherTrust.Verdict.Trusted.class, decide(installed, before, claim(V, Optional.of(SCHEMA))));
        // Backdated by its signer, but the registry published it after the revocation.
        assertRefused(
                PublisherTrust.Check.REVOKED_KEY,
                decide(installed, before, new PublisherTrust.Claim(V, Optional.of(SCHEMA), Optional.of(NOW))));
        assertRefused(
                PublisherTrust.Check.REVOKED_KEY,
                decide(installed, release(key2, PublisherKeys.NONE, revokedAt), claim(V, Optional.of(SCHEMA))));
    }

    @Test
    void countsARevocationTheReleaseCarriesOnlyWhenATrustedKeySignedIt() {
        PublisherKeys installed = keys(key1.entry(FAR), key2.entry(FAR));
        PublisherKeys.Revocation byKey1 = key2.revoke(key1, NOW.minusSeconds(3600));
        PublisherKeys.Revocation forged = key2.revoke(new TestKey("key-1"), NOW.minusSeconds(3600));
        assertRefused(
                PublisherTrust.Check.REVOKED_KEY,
                decide(installed, release(key2, new PublisherKeys(List.of(), List.of(byKey1)))));
        assertInstanceOf(
                PublisherTrust.Verdict.Trusted.class,
                decide(installed, release(key2, new PublisherKeys(List.of(), List.of(forged)))));
    }

    @Test
    void refusesAManifestWhoseVersionOrSchemaIsNotTheRegistrys() {
        Candidate release = release(key1, PublisherKeys.NONE);
        assertRefused(
                PublisherTrust.Check.VERSION,
                decide(installed(key1), release, claim(Version.parse("1.2.0"), Optional.of(SCHEMA))));
        assertRefused(
                PublisherTrust.Check.SCHEMA,
                decide(installed(key1), release, claim(V, Optional.of(ReleaseSchema.of(6, 3)))));
        assertRefused(PublisherTrust.Check.SCHEMA, decide(installed(key1), release, claim(V, Optional.empty())));
    }

    @Test
    void refusesAFileChangedRemovedOrAddedAfterSigning() {
        Map<String, String> changed = new HashMap<>(FILES);
        changed.put("bin/waiaas", "c".repeat(64));
        Map<String, String> removed = new HashMap<>(FILES);
        removed.remove("package.json");
        Map<String, String> added = new HashMap<>(FILES);
        added.put("lib/extra.so", "d".repeat(64));
        for (Map<String, String> files : List.of(changed, removed, added)) {
            Candidate release = release(key1, PublisherKeys.NONE).withFiles(files);
            assertRefused(PublisherTrust.Check.FILES, decide(installed(key1), release));
        }
        Map<String, String> withItsOwnFiles = new HashMap<>(FILES);
        withItsOwnFiles.put(ReleaseManifest.PATH, "e".repeat(64));
        withItsOwnFiles.put(ReleaseManifest.SIGNATURE_PATH, "f".repeat(64));
        assertInstanceOf(
                PublisherTrust.Verdict.Trusted.class,
                decide(installed(key1), release(key1, PublisherKeys.NONE).withFiles(withItsOwnFiles)));
    }

    @Test
    void namesTheFirstDifferenceInPathOrder() {
        Map<String, String> both = new HashMap<>(FILES);
        both.put("bin/waiaas", "c".repeat(64));
        both.put("z-added", "d".repeat(64));
        assertEquals(
                Optional.of("file \"bin/waiaas\" was changed after signing"),
                manifest(V).differenceFrom(both));
    }

    @Test
    void refusesAManifestListingUnsafePathsOrBadDigests() {
        for (String path : List.of("/etc/passwd", "../x", "a/../b", "a//b", "dir/", ReleaseManifest.PATH)) {
            assertThrows(DomainException.class, () -> manifest(V, Map.of(path, "a".repeat(64))), path);
        }
        assertThrows(DomainException.class, () -> manifest(V, Map.of("a", "A".repeat(64))));
        assertThrows(DomainException.class, () -> manifest(V, Map.of()));
    }

    @Test
    void refusesAKeyListNamingAKeyTwiceOrABadId() {
        assertThrows(DomainException.class, () -> keys(key1.entry(FAR), key1.entry(FAR)));
        assertThrows(DomainException.class, () -> new PublisherKeys.Key("a key", key1.publicKey(), FAR, List.of()));
        assertThrows(DomainException.class, () -> new PublisherKeys.Key("k", "not base64!", FAR, List.of()));
        assertFalse(installed(key1).key("key-2").isPresent());
    }

    // ---- builders ----

    private record Candidate(
            ReleaseManifest manifest,
            byte[] bytes,
            ReleaseManifest.Signature signature,
            PublisherKeys keys,
            Map<String, String> files) {
        Candidate withFiles(Map<String, String> other) {
            return new Candidate(manifest, bytes, signature, keys, other);
        }
    }

    private static PublisherTrust.Verdict decide(PublisherKeys installed, Candidate release) {
        return decide(installed, release, claim(V, Optional.of(SCHEMA)));
    }

    private static PublisherTrust.Verdict decide(
            PublisherKeys installed, Candidate release, PublisherTrust.Claim claim) {
        return PublisherTrust.decide(
                installed,
                new PublisherTrust.Candidate(
                        release.manifest(), release.bytes(), release.signature(), release.keys(), release.files()),
                claim,
                NOW,
                ED25519);
    }

    private static PublisherTrust.Claim claim(Version version, Optional<ReleaseSchema> schema) {
        return new PublisherTrust.Claim(version, schema, Optional.empty());
    }

    private static Candidate release(TestKey signer, PublisherKeys keys) {
        return release(signer, keys, NOW.minusSeconds(3600));
    }

    private static Candidate release(TestKey signer, PublisherKeys keys, Instant signedAt) {
        ReleaseManifest manifest = new ReleaseManifest(V, SCHEMA, List.of(), signedAt, new TreeMap<>(FILES));
        byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        return new Candidate(
                manifest, bytes, new ReleaseManifest.Signature(signer.id, signer.sign(bytes)), keys, FILES);
    }

    private static ReleaseManifest manifest(Version version) {
        return manifest(version, FILES);
    }

    private static ReleaseManifest manifest(Version version, Map<String, String> files) {
        return new ReleaseManifest(version, SCHEMA, List.of(), NOW, new TreeMap<>(files));
    }

    private static PublisherKeys installed(TestKey key) {
        return keys(key.entry(FAR));
    }

    private static PublisherKeys keys(PublisherKeys.Key... keys) {
        return new PublisherKeys(List.of(keys), List.of());
    }

    private static boolean verifies(String publicKey, byte[] message, String signature) {
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey))));
            ed.update(message);
            return ed.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A fresh Ed25519 key pair under an id. */
    private static final class TestKey {
        final String id;
        final KeyPair pair;

        TestKey(String id) {
            this.id = id;
            try {
                this.pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        String publicKey() {
            return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        }

        String sign(byte[] message) {
            try {
                Signature ed = Signature.getInstance("Ed25519");
                ed.initSign(pair.getPrivate());
                ed.update(message);
                return Base64.getEncoder().encodeToString(ed.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        PublisherKeys.Key entry(Instant expires) {
            return new PublisherKeys.Key(id, publicKey(), expires, List.of());
        }

        PublisherKeys.Key endorsedBy(TestKey endorser, Instant expires) {
            PublisherKeys.Key bare = entry(expires);
            return new PublisherKeys.Key(
                    id,
                    publicKey(),
                    expires,
                    List.of(new PublisherKeys.Endorsement(endorser.id, endorser.sign(bare.endorsedText()))));
        }

        PublisherKeys.Revocation revoke(TestKey by, Instant at) {
            PublisherKeys.Revocation unsigned = new PublisherKeys.Revocation(
                    id, at, by.id, Base64.getEncoder().encodeToString(new byte[64]));
            return new PublisherKeys.Revocation(id, at, by.id, by.sign(unsigned.signedText()));
        }
    }

    private static void assertRefused(PublisherTrust.Check check, PublisherTrust.Verdict verdict) {
        PublisherTrust.Verdict.Refused refused = assertInstanceOf(PublisherTrust.Verdict.Refused.class, verdict);
        assertEquals(check, refused.check(), refused.message());
    }
}
