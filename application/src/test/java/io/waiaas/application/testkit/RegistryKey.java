package io.waiaas.application.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Sign like an npm registry: an ECDSA P-256 key published at {@code /-/npm/v1/keys} that signs
 * {@code {name}@{version}:{integrity}} of each version (as registry.npmjs.org does), for tests.
 *
 * @param keyId the key's id, such as {@code SHA256:test-1}
 * @param keyPair the key pair; the public half is published, the private half signs
 * @param expires when the registry retired the key, empty for a key still in use
 */
public record RegistryKey(String keyId, KeyPair keyPair, Optional<Instant> expires) {

    public RegistryKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(expires, "expires");
    }

    /** Generate a fresh P-256 key named {@code keyId} that does not expire. */
    public static RegistryKey generate(String keyId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new RegistryKey(keyId, generator.generateKeyPair(), Optional.empty());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Return this key retired at {@code instant}. */
    public RegistryKey expiringAt(Instant instant) {
        return new RegistryKey(keyId, keyPair, Optional.of(instant));
    }

    /** Return the public key as npm publishes it: base64 of the DER SubjectPublicKeyInfo. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(keyPair.getPublic().getEncoded());
    }

    /** Return the base64 DER SHA256withECDSA signature of {@code message}. */
    public String sign(String message) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate());
            signer.update(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Return this key as one entry of the registry's {@code keys} array. */
    public String json() {
        return "{\"expires\":" + expires.map(e -> "\"" + e + "\"").orElse("null")
                + ",\"keyid\":\"" + keyId + "\""
                + ",\"keytype\":\"ecdsa-sha2-nistp256\",\"scheme\":\"ecdsa-sha2-nistp256\""
                + ",\"key\":\"" + publicKeyBase64() + "\"}";
    }
}
