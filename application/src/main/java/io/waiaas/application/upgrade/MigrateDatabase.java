package io.waiaas.application.upgrade;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.CommandResult;
import io.waiaas.domain.UpgradeStep;
import java.util.List;

/** Step 5: run the new version's own migration ({@code db migrate}) against the database (UPGR-02, CMPT rules). */
final class MigrateDatabase implements RunStep {

    @Override
    public UpgradeStep step() {
        return UpgradeStep.MIGRATE;
    }

    @Override
    public String describe(UpgradeRun run) {
        return "migrating the database with " + run.entry().to();
    }

    @Override
    public String perform(UpgradeRun run) {
        CommandResult migrated = run.ports()
                .runner()
                .run(run.newVersion(), List.of("db", "migrate"), run.settings().stepTimeout());
        if (migrated.exitCode() != 0) {
            throw ApplicationException.failed("the migration of " + run.entry().to() + " failed: " + migrated.reason());
        }
        return run.ports().schema().current().map(s -> "schema " + s).orElse("done");
    }
}
