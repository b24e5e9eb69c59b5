package io.waiaas.application.port.in;

import io.waiaas.domain.Version;
import java.util.Objects;
import java.util.Optional;

/** Tell how one version check ended; the caller logs it (an announced update and a failure at WARN). */
public sealed interface CheckResult {

    /**
     * Record that the registry named {@code latest} and it was stored; nothing new to announce.
     *
     * @param latest the version the followed dist-tag points at
     */
    record Found(Version latest) implements CheckResult {
        public Found {
            Objects.requireNonNull(latest, "latest");
        }
    }

    /**
     * Record that {@code latest} is newer than the running {@code current} and was announced for the first time:
     * the {@code UPDATE_AVAILABLE} audit event was recorded and the caller should log it at WARN.
     *
     * @param current the running version
     * @param latest the newer version the followed dist-tag points at
     */
    record UpdateAnnounced(Version current, Version latest) implements CheckResult {
        public UpdateAnnounced {
            Objects.requireNonNull(current, "current");
            Objects.requireNonNull(latest, "latest");
        }
    }

    /**
     * Record that the check failed; the values stored before stay.
     *
     * @param reason a one-line reason, naming the cause
     */
    record Failed(String reason) implements CheckResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Record that the registry's answer was not followed (TRST-01..TRST-04): it went back on what it said before
     * ({@code distrusted}: a rollback, a removed version, publication time going back), or the version its dist-tag
     * names and every older one are held back by the cooldown or deprecated. The stored latest release stays.
     *
     * @param claimed the version the followed dist-tag names
     * @param kept the latest release still known, empty when none
     * @param reason one line saying why it is not followed
     * @param distrusted whether the registry went back on itself (logged at WARN), not a rule of this installation
     */
    record Held(Version claimed, Optional<Version> kept, String reason, boolean distrusted) implements CheckResult {
        public Held {
            Objects.requireNonNull(claimed, "claimed");
            Objects.requireNonNull(kept, "kept");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
