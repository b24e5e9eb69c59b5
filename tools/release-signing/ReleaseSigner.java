// Sign waiaas release packages with Ed25519 (TRST-B1..B3): the JDK alone, plus waiaas's own domain module for the
// exact bytes an endorsement or a revocation signs. Run by bootstrap/src/package/build-packages.sh (test keys made at
// build time) and by scripts/release/sign-package (the release key, from the CI secret), as
//
//   java --module-path IMAGE/app --add-modules io.waiaas.domain ReleaseSigner.java COMMAND ...
//
// keygen DIR ID                      write DIR/ID.key (PKCS#8, base64) and DIR/ID.pub (X.509, base64); never a release key
// keylist OUT (--key ID PUB EXPIRES [--endorse BY_ID BY_KEY]...)... [--revoke ID AT BY_ID BY_KEY]...
//                                    write the key list OUT (waiaas-keys.json); --endorse signs the last --key
// sign DIR KEY_ID KEY VERSION SCHEMA MIN [SIGNED_AT]
//                                    write DIR/waiaas-release.json (every other file's SHA-256) and its .sig
//
// A KEY argument is a file holding the private key in base64 PKCS#8, or "env:NAME" for an environment variable holding
// it (the release workflow's secret); the key is never printed.

import io.waiaas.domain.PublisherKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

public final class ReleaseSigner {
    private static final String MANIFEST = "waiaas-release.json";
    private static final String SIGNATURE = MANIFEST + ".sig";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: keygen | keylist | sign (see the comment atop ReleaseSigner.java)");
        }
        switch (args[0]) {
            case "keygen" -> keygen(Path.of(args[1]), args[2]);
            case "keylist" -> keylist(Path.of(args[1]), List.of(args).subList(2, args.length));
            case "sign" ->
                sign(
                        Path.of(args[1]),
                        args[2],
                        privateKey(args[3]),
                        args[4],
                        Integer.parseInt(args[5]),
                        Integer.parseInt(args[6]),
                        args.length > 7 ? Instant.parse(args[7]) : Instant.now().truncatedTo(ChronoUnit.SECONDS));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    private static void keygen(Path dir, String id) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(id + ".key"), b64(pair.getPrivate().getEncoded()) + "\n");
        Files.writeString(dir.resolve(id + ".pub"), b64(pair.getPublic().getEncoded()) + "\n");
    }

    private static void keylist(Path out, List<String> args) throws Exception {
        List<String> keys = new ArrayList<>();
        List<String> revocations = new ArrayList<>();
        PublisherKeys.Key key = null;
        List<String> endorsements = new ArrayList<>();
        for (int i = 0; i < args.size(); ) {
            switch (args.get(i)) {
                case "--key" -> {
                    if (key != null) {
                        keys.add(keyJson(key, endorsements));
                    }
                    key = new PublisherKeys.Key(
                            args.get(i + 1),
                            Files.readString(Path.of(args.get(i + 2))).strip(),
                            Instant.parse(args.get(i + 3)),
                            List.of());
                    endorsements = new ArrayList<>();
                    i += 4;
                }
                case "--endorse" -> {
                    String signature = sign(privateKey(args.get(i + 2)), key.endorsedText());
                    endorsements.add("{\"by\": " + str(args.get(i + 1)) + ", \"signature\": " + str(signature) + "}");
                    i += 3;
                }
                case "--revoke" -> {
                    String id = args.get(i + 1);
                    Instant at = Instant.parse(args.get(i + 2));
                    String by = args.get(i + 3);
                    byte[] text = new PublisherKeys.Revocation(id, at, by, "AAAA").signedText();
                    revocations.add("{\"id\": " + str(id) + ", \"revokedAt\": " + str(at.toString()) + ", \"by\": "
                            + str(by) + ", \"signature\": " + str(sign(privateKey(args.get(i + 4)), text)) + "}");
                    i += 5;
                }
                default -> throw new IllegalArgumentException("unknown keylist argument " + args.get(i));
            }
        }
        if (key != null) {
            keys.add(keyJson(key, endorsements));
        }
        Files.writeString(
                out,
                "{\n  \"format\": \"waiaas-keys/v1\",\n  \"keys\": [" + String.join(",", keys) + "\n  ],\n"
                        + "  \"revocations\": [" + String.join(", ", revocations) + "]\n}\n");
    }

    private static String keyJson(PublisherKeys.Key key, List<String> endorsements) {
        return "\n    {\"id\": " + str(key.id()) + ", \"publicKey\": " + str(key.publicKey()) + ", \"expires\": "
                + str(key.expires().toString()) + ",\n     \"endorsements\": [" + String.join(", ", endorsements)
                + "]}";
    }

    private static void sign(Path dir, String keyId, PrivateKey key, String version, int schema, int min, Instant at)
            throws Exception {
        Files.deleteIfExists(dir.resolve(MANIFEST));
        Files.deleteIfExists(dir.resolve(SIGNATURE));
        TreeMap<String, String> files = new TreeMap<>();
        // Links are followed: the package's tarball stores them as the files they point at.
        try (Stream<Path> walk = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(file).toString(), sha256(file));
            }
        }
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"format\": \"waiaas-release/v1\",\n  \"version\": ").append(str(version))
                .append(",\n  \"schemaVersion\": ").append(schema)
                .append(",\n  \"minCompatibleSchemaVersion\": ").append(min)
                .append(",\n  \"requiredStops\": [],\n  \"signedAt\": ").append(str(at.toString()))
                .append(",\n  \"files\": {");
        String comma = "";
        for (var file : files.entrySet()) {
            json.append(comma).append("\n    ").append(str(file.getKey())).append(": ").append(str(file.getValue()));
            comma = ",";
        }
        json.append("\n  }\n}\n");
        byte[] manifest = json.toString().getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve(MANIFEST), manifest);
        Files.writeString(
                dir.resolve(SIGNATURE),
                "{\"keyId\": " + str(keyId) + ", \"signature\": " + str(sign(key, manifest)) + "}\n");
    }

    private static PrivateKey privateKey(String source) throws IOException, GeneralSecurityException {
        String base64;
        if (source.startsWith("env:")) {
            base64 = System.getenv(source.substring(4));
            if (base64 == null || base64.isBlank()) {
                throw new IllegalArgumentException("the environment variable " + source.substring(4) + " is empty");
            }
        } else {
            base64 = Files.readString(Path.of(source));
        }
        return KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64.strip())));
    }

    private static String sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature ed = Signature.getInstance("Ed25519");
        ed.initSign(key);
        ed.update(message);
        return b64(ed.sign());
    }

    private static String sha256(Path file) throws IOException, GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String str(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
