package io.waiaas.application.port.out;

import java.util.Objects;

/**
 * Hold one registry signature of a published version ({@code dist.signatures[]}): which of the registry's keys
 * signed, and the signature over {@code {name}@{version}:{integrity}}.
 *
 * @param keyId the id of the signing key, as the registry's key list names it ({@code keyid})
 * @param signature the signature, base64 of an ASN.1 DER ECDSA signature ({@code sig})
 */
public record PackageSignature(String keyId, String signature) {

    public PackageSignature {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }
}
