package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waiaas.application.port.out.UpgradeStarter;
import io.waiaas.domain.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link UpgradeStarter} must show. */
public interface UpgradeStarterContract {

    /** Create a starter whose upgrades do not end until {@link #letUpgradesEnd()}. */
    UpgradeStarter newStarter();

    /** Return the targets of the upgrades started so far, in order, once each has begun (bounded in time). */
    List<Version> begun(int count);

    /** Let every upgrade started end. */
    void letUpgradesEnd();

    @Test
    default void startsTheUpgradeToTheTargetAndReturnsWithoutWaitingForIt() {
        UpgradeStarter starter = newStarter();
        try {
            starter.start(Version.parse("1.4.3"));
            starter.start(Version.parse("2.0.0-rc.1"));
            assertEquals(List.of(Version.parse("1.4.3"), Version.parse("2.0.0-rc.1")), begun(2));
        } finally {
            letUpgradesEnd();
        }
    }

    @Test
    default void refusesNull() {
        assertThrows(NullPointerException.class, () -> newStarter().start(null));
    }
}
