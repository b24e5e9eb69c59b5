package io.waiaas.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretFilesTest {
    private static final String SETTING = "[notify] webhook_token_file";

    @TempDir
    Path dir;

    private Path file(String content, String mode) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void readsTheOneLineTokenOfAnOwnerOnlyFile() throws IOException {
        assertEquals(
                new SecretFiles.Secret.Token("s3cr3t"), SecretFiles.read(file("  s3cr3t\n", "rw-------"), SETTING));
        assertEquals(new SecretFiles.Secret.Token("s3cr3t"), SecretFiles.read(file("s3cr3t", "r--------"), SETTING));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rw-r-----,0640", "rw----r--,0604", "rw--w----,0620", "rw-rw-rw-,0666"})
    void refusesAFileOthersMayRead(String mode, String octal) throws IOException {
        Path file = file("s3cr3t\n", mode);
        SecretFiles.Secret secret = SecretFiles.read(file, SETTING);
        assertEquals(
                new SecretFiles.Secret.Refused(SETTING + " " + file + " may be read by others (mode " + octal
                        + "), refused; run: chmod 600 " + file),
                secret);
    }

    @Test
    void refusesAMissingEmptyOrMultiLineFileWithoutTheToken() throws IOException {
        Path missing = dir.resolve("missing");
        assertEquals(
                new SecretFiles.Secret.Refused(SETTING + " " + missing + " does not exist"),
                SecretFiles.read(missing, SETTING));
        Path empty = file(" \n", "rw-------");
        assertEquals(
                new SecretFiles.Secret.Refused(SETTING + " " + empty + " must hold one token on one line"),
                SecretFiles.read(empty, SETTING));
        SecretFiles.Secret twoLines = SecretFiles.read(file("s3cr3t\nother\n", "rw-------"), SETTING);
        assertFalse(twoLines.toString().contains("s3cr3t"), twoLines::toString);
        assertFalse(new SecretFiles.Secret.Token("s3cr3t").toString().contains("s3cr3t"));
    }

    @Test
    void refusesADirectory() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
        assertEquals(
                new SecretFiles.Secret.Refused(SETTING + " " + sub + " is not a regular file"),
                SecretFiles.read(sub, SETTING));
    }
}
