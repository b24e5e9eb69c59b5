package io.waiaas.application.port.in;

import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.Verification;
import java.time.Duration;
import java.util.OptionalLong;

/** Hear what an upgrade does, step by step, to show it to the operator (UPGR-02, UPGR-B6). */
public interface UpgradeListener {

    /** A listener that shows nothing. */
    UpgradeListener SILENT = new UpgradeListener() {};

    /** Hear that {@code step} begins, with a short description of what it will do. */
    default void stepStarted(UpgradeStep step, String description) {}

    /** Hear that {@code step} finished after {@code took}, with a short result. */
    default void stepFinished(UpgradeStep step, Duration took, String result) {}

    /** Hear that {@code received} of {@code total} bytes of the package have arrived. */
    default void downloaded(long received, OptionalLong total) {}

    /** Hear a note that belongs to no step, such as a recovery from an interrupted upgrade. */
    default void note(String message) {}

    /**
     * Ask the operator {@code question} (one line, a yes/no question) before something that leaves data only in a
     * backup, such as a rollback that restores one (UPGR-B9); false stops it with nothing changed. By default yes: a
     * listener with no one to ask goes on, as the notes said it would.
     */
    default boolean confirm(String question) {
        return true;
    }

    /**
     * Hear what was verified of release {@code id} once it is installed (UPGR-B1): its integrity, and its signatures
     * or that the registry publishes no signing keys. By default a {@linkplain #note note}.
     */
    default void verified(String id, Verification verification) {
        note("verified " + id + ": " + verification.describe());
    }
}
