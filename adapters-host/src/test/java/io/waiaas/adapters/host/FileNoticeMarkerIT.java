package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.port.out.NoticeMarker;
import io.waiaas.application.testkit.NoticeMarkerContract;
import io.waiaas.domain.UpdateNoticePolicy;
import io.waiaas.domain.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link NoticeMarkerContract} against a real marker file in a data dir. */
class FileNoticeMarkerIT implements NoticeMarkerContract {
    @TempDir
    Path dir;

    private Path dataDir;

    private Path markerFile() {
        return dataDir.resolve(".last-update-notify");
    }

    @Override
    public NoticeMarker newMarker() {
        dataDir = dir.resolve("data-dir");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FileNoticeMarker(dataDir);
    }

    @Override
    public NoticeMarker markerWithoutDataDir() {
        dataDir = dir.resolve("no-such-data-dir");
        return new FileNoticeMarker(dataDir);
    }

    @Override
    public boolean dataDirExists() {
        return Files.exists(dataDir);
    }

    @Override
    public void writeMarker(String text) {
        try {
            Files.writeString(markerFile(), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void makeMarkerUnreadable() {
        try {
            Files.deleteIfExists(markerFile());
            Files.createDirectory(markerFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aMarkerThatIsNotUtf8RemembersNothing() throws IOException {
        NoticeMarker marker = newMarker();
        Files.write(markerFile(), new byte[] {'1', '.', (byte) 0xC3, (byte) 0x28, '0'});
        assertEquals(Optional.empty(), marker.lastShown());
    }

    @Test
    void anotherMarkerOnTheSameDataDirSeesWhatWasRecordedAndNoTemporaryFileStays() throws IOException {
        UpdateNoticePolicy.Shown shown =
                new UpdateNoticePolicy.Shown(Version.parse("1.10.0"), Instant.parse("2026-11-26T06:00:00Z"));
        newMarker().recordShown(shown);
        assertEquals(Optional.of(shown), new FileNoticeMarker(dataDir).lastShown());
        assertEquals("1.10.0\n", Files.readString(markerFile(), StandardCharsets.UTF_8));
        try (var entries = Files.list(dataDir)) {
            assertEquals(
                    List.of(".last-update-notify"),
                    entries.map(p -> p.getFileName().toString()).toList());
        }
    }
}
