package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:15:30.123Z");
    private static final Version FROM = Version.parse("0.1.0");
    private static final Version TO = Version.parse("0.1.1");

    private static UpgradeRecord entry(UpgradeRecord.Action action, UpgradeRecord.Result result) {
        return new UpgradeRecord(
                AT,
                action,
                result,
                Optional.of(FROM),
                Optional.of(TO),
                result == UpgradeRecord.Result.ROLLED_BACK ? Optional.of(Reason.MIGRATION_FAILED) : Optional.empty());
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            UPGRADE  | STARTED         | upgrade.started
            UPGRADE  | UPGRADED        | upgrade.succeeded
            UPGRADE  | ROLLED_BACK     | upgrade.rolled_back
            UPGRADE  | ROLLBACK_FAILED | upgrade.rollback_failed
            UPGRADE  | REFUSED         | upgrade.refused
            UPGRADE  | REVERTED        | upgrade.reverted
            ROLLBACK | STARTED         | rollback.started
            ROLLBACK | REVERTED        | rollback.succeeded
            ROLLBACK | ROLLED_BACK     | rollback.succeeded
            ROLLBACK | ROLLBACK_FAILED | rollback.failed
            ROLLBACK | REFUSED         | rollback.refused
            ROLLBACK | UPGRADED        | rollback.upgraded
            RECOVERY | STARTED         | recovery.started
            RECOVERY | UPGRADED        | recovery.upgraded
            RECOVERY | ROLLED_BACK     | recovery.rolled_back
            RECOVERY | REVERTED        | recovery.reverted
            RECOVERY | ROLLBACK_FAILED | recovery.rollback_failed
            RECOVERY | REFUSED         | recovery.refused
            """)
    void namesTheEventOfEachHistoryLine(UpgradeRecord.Action action, UpgradeRecord.Result result, String event) {
        assertEquals(
                event,
                Notification.ofUpgrade("host-1", 0, entry(action, result)).event());
    }

    @Test
    void listsEveryEventOnce() {
        assertEquals(1 + 17, Notification.EVENTS.size(), Notification.EVENTS::toString);
        assertEquals(Notification.UPDATE_AVAILABLE, Notification.EVENTS.getFirst());
    }

    @Test
    void carriesTheHistoryLinesVersionsReasonAndAMessage() {
        Notification n = Notification.ofUpgrade(
                "host-1", 4, entry(UpgradeRecord.Action.UPGRADE, UpgradeRecord.Result.ROLLED_BACK));
        assertEquals(AT, n.at());
        assertEquals("host-1", n.host());
        assertEquals(Optional.of(FROM), n.from());
        assertEquals(Optional.of(TO), n.to());
        assertEquals(Optional.of("migration-failed"), n.reason());
        assertEquals(
                "upgrade from 0.1.0 to 0.1.1 failed (migration-failed) and was rolled back: the previous version"
                        + " serves",
                n.message());
    }

    @Test
    void theSameHistoryLineAlwaysHasTheSameId() {
        UpgradeRecord e = entry(UpgradeRecord.Action.UPGRADE, UpgradeRecord.Result.STARTED);
        assertEquals(
                Notification.ofUpgrade("h", 3, e).id(),
                Notification.ofUpgrade("h", 3, e).id());
        List<String> others = List.of(
                Notification.ofUpgrade("h", 4, e).id(),
                Notification.ofUpgrade("other", 3, e).id(),
                Notification.ofUpgrade("h", 3, entry(UpgradeRecord.Action.UPGRADE, UpgradeRecord.Result.UPGRADED))
                        .id());
        others.forEach(id -> assertNotEquals(Notification.ofUpgrade("h", 3, e).id(), id));
        assertEquals(3, others.stream().distinct().count());
    }

    @Test
    void theIdIsPinnedSoAnotherVersionPostingTheSameEventGivesTheSameOne() {
        // The README's sample payload; a newer version re-posting an older one's event must keep its id.
        UpgradeRecord e = new UpgradeRecord(
                Instant.parse("2026-12-07T15:02:11.482Z"),
                UpgradeRecord.Action.UPGRADE,
                UpgradeRecord.Result.ROLLED_BACK,
                Optional.of(FROM),
                Optional.of(TO),
                Optional.of(Reason.MIGRATION_FAILED));
        assertEquals(
                "3d72c2ce-ac96-3a7e-9959-3ad9de28f562",
                Notification.ofUpgrade("web-1", 1, e).id());
    }

    @Test
    void anUpdateIsIdentifiedByItsHostAndRelease() {
        Notification n = Notification.updateAvailable("h", AT, FROM, TO);
        assertEquals("update.available", n.event());
        assertEquals(
                n.id(),
                Notification.updateAvailable("h", AT.plusSeconds(60), FROM, TO).id());
        assertNotEquals(
                n.id(),
                Notification.updateAvailable("h", AT, FROM, Version.parse("0.1.2"))
                        .id());
        assertNotEquals(n.id(), Notification.updateAvailable("h2", AT, FROM, TO).id());
        assertEquals("waiaas 0.1.1 is available (running 0.1.0); run: waiaas upgrade", n.message());
        assertEquals(Optional.empty(), n.reason());
    }

    @Test
    void inTheContainerImageAnUpdateNamesTheImageToPullNotACommandThatRefuses() {
        Notification n = Notification.updateAvailable("h", AT, FROM, TO, UpdatePath.IMAGE);
        assertEquals(
                "waiaas 0.1.1 is available (running 0.1.0); pull the image of waiaas 0.1.1"
                        + " (e.g. ghcr.io/waiaas/waiaas:0.1.1) and recreate the container",
                n.message());
        assertEquals(Notification.updateAvailable("h", AT, FROM, TO).id(), n.id(), "the same event either way");
    }
}
