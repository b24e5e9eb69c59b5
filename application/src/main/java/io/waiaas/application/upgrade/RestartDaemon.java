package io.waiaas.application.upgrade;

import io.waiaas.domain.UpgradeStep;

/**
 * Step 7: start the new version's daemon if one ran before (never with {@code --no-start}), recorded in the journal
 * before it may serve, and wait until {@code /health} reports the new version.
 */
final class RestartDaemon implements RunStep {
    private final boolean restart;

    /** Create the step; {@code restart} is false for {@code --no-start}. */
    RestartDaemon(boolean restart) {
        this.restart = restart;
    }

    @Override
    public UpgradeStep step() {
        return UpgradeStep.RESTART;
    }

    @Override
    public String describe(UpgradeRun run) {
        return "starting the daemon";
    }

    @Override
    public String perform(UpgradeRun run) {
        if (!run.entry().daemonWasRunning()) {
            return "was not running";
        }
        if (!restart) {
            return "left stopped (--no-start)";
        }
        run.daemons()
                .startRecorded(run.newVersion(), pid -> run.record(run.entry().withDaemon(pid)));
        return "serving " + run.entry().to();
    }
}
