package io.waiaas.application.testkit;

import io.waiaas.application.port.out.UpgradeStarter;
import io.waiaas.domain.Version;
import java.util.List;

class RecordingUpgradeStarterTest implements UpgradeStarterContract {
    private RecordingUpgradeStarter starter;

    @Override
    public UpgradeStarter newStarter() {
        starter = new RecordingUpgradeStarter();
        return starter;
    }

    @Override
    public List<Version> begun(int count) {
        return starter.started();
    }

    @Override
    public void letUpgradesEnd() {}
}
