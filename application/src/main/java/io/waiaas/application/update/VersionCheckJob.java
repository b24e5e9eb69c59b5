package io.waiaas.application.update;

import io.waiaas.application.daemon.BackgroundJob;
import io.waiaas.application.port.in.CheckForUpdates;
import io.waiaas.application.port.in.CheckResult;
import io.waiaas.application.port.out.OperatorLog;
import io.waiaas.domain.UpdatePath;
import java.time.Duration;
import java.util.Objects;

/** Check the registry for a newer release at daemon start and then every {@code check_interval} (VCHK-01). */
public final class VersionCheckJob implements BackgroundJob {
    private final CheckForUpdates checks;
    private final Duration interval;
    private final OperatorLog log;
    private final UpdatePath path;

    /** Create the job of an installation {@code waiaas upgrade} updates. */
    public VersionCheckJob(CheckForUpdates checks, Duration interval, OperatorLog log) {
        this(checks, interval, log, UpdatePath.COMMAND);
    }

    /** Create the job of an installation updated by {@code path}, whose announcement says what to do. */
    public VersionCheckJob(CheckForUpdates checks, Duration interval, OperatorLog log, UpdatePath path) {
        this.checks = Objects.requireNonNull(checks, "checks");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.log = Objects.requireNonNull(log, "log");
        this.path = Objects.requireNonNull(path, "path");
    }

    /** Return the checks this job runs. */
    CheckForUpdates checks() {
        return checks;
    }

    @Override
    public String name() {
        return "version-check";
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** Serve the last stored check from memory until the first new one answers. */
    @Override
    public void prepare() {
        checks.loadStored();
    }

    @Override
    public void run() {
        switch (checks.checkNow()) {
            case CheckResult.Found found -> log.info("version check: latest release is " + found.latest());
            case CheckResult.UpdateAnnounced announced ->
                log.warn("UPDATE_AVAILABLE: waiaas " + announced.latest() + " is available (running "
                        + announced.current() + "); " + path.advice(announced.latest(), ""));
            case CheckResult.Failed failed -> log.warn(failed.reason());
            case CheckResult.Held held -> {
                String line = "version check: the registry names " + held.claimed() + ", not followed: " + held.reason()
                        + held.kept()
                                .map(k -> "; the latest release known stays " + k)
                                .orElse("");
                if (held.distrusted()) {
                    log.warn(line);
                } else {
                    log.info(line);
                }
            }
        }
    }
}
