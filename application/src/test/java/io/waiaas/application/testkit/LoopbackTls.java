package io.waiaas.application.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS identity for 127.0.0.1, made for one test with the JDK's own {@code keytool} (a self-signed certificate
 * whose subject alternative name is {@code IP:127.0.0.1}): the server side for a {@link LoopbackRegistry#serveTls
 * registry over https}, and a client context that trusts exactly that certificate.
 *
 * @param server the context a loopback server presents the certificate with
 * @param client a context that trusts only this certificate
 */
public record LoopbackTls(SSLContext server, SSLContext client) {
    private static final char[] PASSWORD = "loopback".toCharArray();

    /** Make a new identity, its key store written under {@code dir}. */
    public static LoopbackTls create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path store = dir.resolve("loopback.p12");
        Files.deleteIfExists(store);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "loopback",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        new String(PASSWORD)))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("keytool.out").toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool could not make the test certificate: "
                    + Files.readString(dir.resolve("keytool.out")).strip());
        }
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(keyManagers.getKeyManagers(), null, null);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("loopback", keys.getCertificate("loopback"));
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trustManagers.getTrustManagers(), null);
            return new LoopbackTls(server, client);
        } catch (GeneralSecurityException e) {
            throw new IOException("could not load the test certificate", e);
        }
    }
}
