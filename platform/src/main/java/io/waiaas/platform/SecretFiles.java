package io.waiaas.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Read a secret (a token) from a file only its owner may read or write, as the {@code token_file} settings name one:
 * a file that its group or others may read or write is refused, so a token never lies where others see it.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);
    private static final long MAX_BYTES = 64 * 1024;

    private SecretFiles() {}

    /** What reading the file gave. */
    public sealed interface Secret {
        /** The token, stripped of surrounding white space; never log it. */
        record Token(String value) implements Secret {
            public Token {
                Objects.requireNonNull(value, "value");
            }

            @Override
            public String toString() {
                return "Token[****]";
            }
        }

        /** Why the file was refused: one line naming the setting, the file and what to do, never the token. */
        record Refused(String problem) implements Secret {
            public Refused {
                Objects.requireNonNull(problem, "problem");
            }
        }
    }

    /**
     * Read the one-line token in {@code file}, named {@code setting} in messages (such as
     * {@code [notify] webhook_token_file}).
     */
    public static Secret read(Path file, String setting) {
        String source = setting + " " + file;
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (!Files.isRegularFile(file)) {
                return new Secret.Refused(source + " is not a regular file");
            }
            if (mode.stream().anyMatch(OTHERS::contains)) {
                return new Secret.Refused(
                        source + " may be read by others (mode " + octal(mode) + "), refused; run: chmod 600 " + file);
            }
            if (Files.size(file) > MAX_BYTES) {
                return new Secret.Refused(source + " is too large to hold a token");
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty() || token.lines().count() != 1) {
                return new Secret.Refused(source + " must hold one token on one line");
            }
            return new Secret.Token(token);
        } catch (NoSuchFileException e) {
            return new Secret.Refused(source + " does not exist");
        } catch (IOException | UnsupportedOperationException e) {
            return new Secret.Refused(
                    "could not read " + source + ": " + e.getClass().getSimpleName());
        }
    }

    private static String octal(Set<PosixFilePermission> mode) {
        String rwx = PosixFilePermissions.toString(mode);
        int value = 0;
        for (char c : rwx.toCharArray()) {
            value = value * 2 + (c == '-' ? 0 : 1);
        }
        return String.format("%04o", value);
    }
}
