package io.waiaas.application.upgrade;

import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.domain.UpgradeStep;
import io.waiaas.domain.WaiaasException;

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
        tellWhatWasVerified(run);
        return version.home();
    }

    /**
     * Tell the operator what was verified of the release (UPGR-B1): the install checked its integrity as it streamed
     * in, and its signatures, or found that the registry publishes no signing keys; asked again here (one small
     * request) only to say which. A registry gone since is no reason to fail an installed release: then nothing is
     * said.
     */
    private static void tellWhatWasVerified(UpgradeRun run) {
        try {
            run.listener().verified(run.release().id(), run.ports().installer().verify(run.release()));
        } catch (WaiaasException e) {
            run.listener()
                    .note("installed " + run.release().id() + " verified; could not ask the registry again which"
                            + " signatures it has: " + e.getMessage());
        }
    }
}
