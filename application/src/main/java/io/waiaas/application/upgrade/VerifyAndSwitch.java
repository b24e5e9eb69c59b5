package io.waiaas.application.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.CommandResult;
import io.waiaas.domain.SchemaVersion;
import io.waiaas.domain.UpgradeStep;
import java.util.List;
import java.util.Optional;

/**
 * Step 6: the new version reports itself and the database is at its schema; only then does {@code current} switch
 * to it, and the journal records the switch (from here on a crash finishes the upgrade instead of rolling it back).
 */
final class VerifyAndSwitch implements RunStep {

    @Override
    public UpgradeStep step() {
        return UpgradeStep.VERIFY;
    }

    @Override
    public String describe(UpgradeRun run) {
        return "checking " + run.entry().to();
    }

    @Override
    public String perform(UpgradeRun run) {
        CommandResult version = run.ports()
                .runner()
                .run(run.newVersion(), List.of("--version"), run.settings().stepTimeout());
        String reported = version.stdout().strip();
        if (version.exitCode() != 0 || !reported.equals(run.entry().to().toString())) {
            throw ApplicationException.failed("the installed " + run.entry().to() + " reports version '" + reported
                    + "' (" + version.reason() + ")");
        }
        if (run.release().schema().isPresent()) {
            SchemaVersion expected = run.release().schema().get().schemaVersion();
            Optional<SchemaVersion> actual = run.ports().schema().current();
            if (!actual.equals(Optional.of(expected))) {
                throw ApplicationException.failed("the database is at schema "
                        + actual.map(String::valueOf).orElse("none") + ", not " + expected + " as "
                        + run.entry().to() + " needs");
            }
        }
        run.ports().installer().activate(run.entry().to());
        run.record(run.entry().switchedToTarget());
        return "current is " + run.entry().to();
    }
}
