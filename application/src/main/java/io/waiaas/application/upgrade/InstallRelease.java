package io.waiaas.application.upgrade;

import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.domain.UpgradeStep;

/**
 * Step 4: install the new version (UPGR-B1, UPGR-B2): the running build is adopted into the install root first when
 * it lives outside it, so there is a version to go back to; then the release is fetched, verified and installed.
 */
final class InstallRelease implements RunStep {

    @Override
    public UpgradeStep step() {
        return UpgradeStep.INSTALL;
    }

    @Override
    public String describe(UpgradeRun run) {
        return "installing " + run.release().id();
    }

    @Override
    public String perform(UpgradeRun run) {
        run.ports().installer().adopt(run.entry().from());
        InstalledVersion version = run.ports().installer().install(run.release(), run.listener()::downloaded);
        run.installed(version);
        return version.home();
    }
}
