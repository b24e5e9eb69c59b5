package io.waiaas.adapters.host;

import io.waiaas.application.port.out.NoticeMarker;
import io.waiaas.domain.UpdateNoticePolicy;
import io.waiaas.domain.Version;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Keep the update notice marker in {@code {dataDir}/.last-update-notify}: the file holds the version last shown
 * and its modification time says when.
 */
public final class FileNoticeMarker implements NoticeMarker {
    private final Path file;

    /** Create the marker of the data dir {@code dataDir}. */
    public FileNoticeMarker(Path dataDir) {
        this.file = Layout.noticeMarker(dataDir);
    }

    @Override
    public Optional<UpdateNoticePolicy.Shown> lastShown() {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            FileTime modified = Files.getLastModifiedTime(file);
            return Version.tryParse(text).map(v -> new UpdateNoticePolicy.Shown(v, modified.toInstant()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void recordShown(UpdateNoticePolicy.Shown shown) {
        if (!Files.isDirectory(file.getParent())) {
            return; // no data dir yet: nothing to remember in, and the notice must not create one
        }
        Path tmp = file.resolveSibling(".last-update-notify.tmp");
        try {
            Files.writeString(tmp, shown.version() + "\n", StandardCharsets.UTF_8);
            Files.setLastModifiedTime(tmp, FileTime.from(shown.at()));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
