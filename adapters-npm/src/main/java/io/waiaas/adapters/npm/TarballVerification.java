package io.waiaas.adapters.npm;

import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.domain.Verification;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decide whether a release's tarball may be trusted, and download it verified (UPGR-B1): the tarball is served
 * by the registry's own origin, the registry's signatures over {@code name@version:integrity} check out against keys
 * valid at publish time (when it publishes keys), and the bytes match {@code dist.integrity} (sha512), hashed while
 * they stream in.
 */
final class TarballVerification implements Tarballs {
    private static final int SHA512_BYTES = 64;

    private final RegistryUrls urls;
    private final RegistryHttp http;
    private final NpmRegistry.InstallLimits limits;

    TarballVerification(RegistryUrls urls, RegistryHttp http, NpmRegistry.InstallLimits limits) {
        this.urls = urls;
        this.http = http;
        this.limits = limits;
    }

    /** Return the registry's base URL, which every request of an install goes to. */
    URI registry() {
        return urls.base();
    }

    /** Return how the registry is reached: its credentials and proxies, which npm must be handed too. */
    RegistryAccess access() {
        return http.access();
    }

    /**
     * Check the tarball's origin, the integrity's form and the registry's signatures, without downloading; return
     * what was verified. A registry that publishes no signing keys is refused when signatures are required
     * ({@code [update] require_signatures}).
     */
    @Override
    public Verification verify(PackageRelease release) {
        Objects.requireNonNull(release, "release");
        tarballUri(release);
        sha512(release);
        // Asked every time rather than cached: a key the registry revoked since the last call must not count.
        Optional<List<RegistrySignatures.Key>> keys = RegistrySignatures.fetch(http, urls);
        if (keys.isPresent()) {
            return RegistrySignatures.verify(release, keys.get());
        }
        if (http.access().requireSignatures()) {
            throw NpmRegistryException.refused(release.id() + " is not signed: the registry " + urls.base()
                    + " publishes no signing keys, and [update] require_signatures is true, refused");
        }
        return new Verification.Unsigned();
    }

    /**
     * Download {@code release}'s tarball into the new file {@code tgz}, refusing it unless its bytes match the
     * registry's sha512 integrity; {@link #verify} must have passed.
     */
    @Override
    public void download(PackageRelease release, Path tgz, DownloadProgress progress) throws IOException {
        URI tarball = tarballUri(release);
        byte[] expected = sha512(release);
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel out = FileChannel.open(tgz, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            http.download(
                    tarball,
                    limits.maxTarballBytes(),
                    limits.downloadTimeout(),
                    limits.stallTimeout(),
                    urls::tarballRefusal,
                    new StreamingBody.Sink() {
                        private OptionalLong total = OptionalLong.empty();
                        private long received;

                        @Override
                        public void start(OptionalLong length) {
                            total = length;
                            progress.update(0, total);
                        }

                        @Override
                        public void accept(ByteBuffer chunk) throws IOException {
                            // Hashed as it streams: the digest is ready the moment the last byte is on disk.
                            sha512.update(chunk.duplicate());
                            received += chunk.remaining();
                            while (chunk.hasRemaining()) {
                                out.write(chunk);
                            }
                            progress.update(received, total);
                        }
                    });
        }
        if (!MessageDigest.isEqual(expected, sha512.digest())) {
            throw NpmRegistryException.refused(
                    release.id() + ": the downloaded tarball does not match its integrity (sha512), refused");
        }
    }

    private URI tarballUri(PackageRelease release) {
        URI tarball;
        try {
            tarball = new URI(release.tarballUrl());
        } catch (URISyntaxException e) {
            throw NpmRegistryException.refused(
                    release.id() + ": the tarball URL is not a valid URL: " + OneLine.quoted(release.tarballUrl())
                            + ", refused",
                    e);
        }
        urls.tarballRefusal(tarball).ifPresent(reason -> {
            throw NpmRegistryException.refused(release.id() + ": " + reason);
        });
        return tarball;
    }

    private static byte[] sha512(PackageRelease release) {
        // An SRI string may list several hashes; npm trusts the strongest, and waiaas insists on sha512.
        for (String part : release.integrity().strip().split("\\s+")) {
            if (part.startsWith("sha512-")) {
                String base64 = part.substring("sha512-".length());
                int options = base64.indexOf('?');
                try {
                    byte[] digest = Base64.getDecoder().decode(options < 0 ? base64 : base64.substring(0, options));
                    if (digest.length == SHA512_BYTES) {
                        return digest;
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: treated as no usable sha512 below
                }
            }
        }
        throw NpmRegistryException.refused(release.id() + ": the registry gives no sha512 integrity for the tarball"
                + " (dist.integrity " + OneLine.quoted(release.integrity()) + "), refused");
    }
}
