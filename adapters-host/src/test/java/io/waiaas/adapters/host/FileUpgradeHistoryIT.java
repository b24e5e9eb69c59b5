package io.waiaas.adapters.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.UpgradeHistory;
import io.waiaas.application.testkit.UpgradeHistoryContract;
import io.waiaas.domain.UpgradeRecord;
import io.waiaas.domain.Version;
import io.waiaas.platform.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link UpgradeHistoryContract} against the history file of a real data dir. */
class FileUpgradeHistoryIT implements UpgradeHistoryContract {
    @TempDir
    Path dataDir;

    @Override
    public UpgradeHistory newHistory() {
        return new FileUpgradeHistory(dataDir);
    }

    @Override
    public UpgradeHistory reopen(UpgradeHistory history) {
        return new FileUpgradeHistory(dataDir);
    }

    @Test
    void aLineTornByAPowerCutIsLeftOutAndEndedBeforeTheNextOne() throws IOException {
        UpgradeHistory history = newHistory();
        UpgradeRecord first = UpgradeRecord.started(AT, Version.parse("0.1.0"), Version.parse("0.1.1"));
        history.record(first);
        Files.writeString(Layout.upgradeHistory(dataDir), "{\"at\":\"2026-12-07T03:0", StandardOpenOption.APPEND);
        assertEquals(List.of(first), reopen(history).all());

        UpgradeRecord next = UpgradeRecord.started(AT.plusSeconds(1), Version.parse("0.1.0"), Version.parse("0.2.0"));
        history.record(next);
        assertEquals(List.of(first, next), reopen(history).all());
        assertEquals(
                3,
                Files.readAllLines(Layout.upgradeHistory(dataDir), StandardCharsets.UTF_8)
                        .size());
    }

    @Test
    void writesOneReadableJsonLinePerEntry() throws IOException {
        newHistory().record(UpgradeRecord.started(AT, Version.parse("0.1.0"), Version.parse("0.1.1")));
        String text = Files.readString(Layout.upgradeHistory(dataDir));
        assertEquals(
                "{\"at\":\"2026-12-07T03:00:00Z\",\"action\":\"upgrade\",\"result\":\"started\",\"from\":\"0.1.0\","
                        + "\"to\":\"0.1.1\"}\n",
                text);
    }

    @Test
    void aHistoryThatCannotBeWrittenFailsWithOneLineNamingTheFile() throws IOException {
        Files.createDirectory(Layout.upgradeHistory(dataDir)); // a directory where the file should be
        ApplicationException e = assertThrows(
                ApplicationException.class,
                () -> newHistory().record(UpgradeRecord.started(AT, Version.parse("0.1.0"), Version.parse("0.1.1"))));
        assertTrue(e.getMessage().startsWith("cannot write the upgrade history: "), e.getMessage());
        assertTrue(e.getMessage().contains("upgrade-history.jsonl"), e.getMessage());
    }
}
