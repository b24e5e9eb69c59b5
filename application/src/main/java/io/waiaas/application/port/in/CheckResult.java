package io.waiaas.application.port.in;

import io.waiaas.domain.Version;
import java.util.Objects;

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
}
