package io.waiaas.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waiaas.application.port.in.PerformUpgrade;
import io.waiaas.application.port.in.UpgradeListener;
import io.waiaas.application.port.in.UpgradeRequest;
import io.waiaas.domain.JournalEntry;
import io.waiaas.domain.UpgradeOutcome;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Version;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LazyPerformUpgradeTest {
    private static final UpgradeOutcome RECOVERED =
            new UpgradeOutcome.RolledBack(UpgradeStep.MIGRATE, "the upgrade was interrupted", Version.parse("1.0.0"));

    @TempDir
    Path dataDir;

    private int built;

    private LazyPerformUpgrade port() {
        return new LazyPerformUpgrade(new FileUpgradeJournal(dataDir), () -> {
            built++;
            return new PerformUpgrade() {
                @Override
                public UpgradeOutcome upgrade(UpgradeRequest request, UpgradeListener listener) {
                    return new UpgradeOutcome.UpToDate(Version.parse("1.0.0"));
                }

                @Override
                public UpgradeOutcome rollBack(boolean noStart, UpgradeListener listener) {
                    return new UpgradeOutcome.Refused("no backup");
                }

                @Override
                public Optional<UpgradeOutcome> recover(boolean restartDaemon, UpgradeListener listener) {
                    return Optional.of(RECOVERED);
                }
            };
        });
    }

    @Test
    void withoutAJournalRecoveryBuildsNothing() {
        assertEquals(Optional.empty(), port().recover(false, new UpgradeListener() {}));
        assertEquals(0, built);
    }

    @Test
    void aJournalHandsRecoveryToTheServiceBuiltOnce() {
        new FileUpgradeJournal(dataDir)
                .record(new JournalEntry(
                        JournalEntry.Kind.UPGRADE,
                        UpgradeStep.MIGRATE,
                        JournalEntry.Phase.STARTED,
                        Version.parse("1.0.0"),
                        Version.parse("1.1.0"),
                        Optional.empty(),
                        true,
                        false));
        LazyPerformUpgrade port = port();
        assertEquals(Optional.of(RECOVERED), port.recover(false, new UpgradeListener() {}));
        assertEquals(
                new UpgradeOutcome.UpToDate(Version.parse("1.0.0")),
                port.upgrade(new UpgradeRequest(Optional.empty(), false, false, false), new UpgradeListener() {}));
        assertEquals(1, built);
    }
}
