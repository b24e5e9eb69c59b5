package io.waiaas.application.upgrade;

import io.waiaas.domain.UpgradeStep;

/** Step 2: stop the daemon if it runs and wait until it has exited (UPGR-02). */
final class StopTheDaemon implements RunStep {

    @Override
    public UpgradeStep step() {
        return UpgradeStep.STOP;
    }

    @Override
    public String describe(UpgradeRun run) {
        return "stopping the daemon";
    }

    @Override
    public String perform(UpgradeRun run) {
        return run.entry().daemonWasRunning() ? "stopped " + run.daemons().stop() : "not running";
    }
}
