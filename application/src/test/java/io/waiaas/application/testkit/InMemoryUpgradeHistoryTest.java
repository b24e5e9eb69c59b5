package io.waiaas.application.testkit;

import io.waiaas.application.port.out.UpgradeHistory;

class InMemoryUpgradeHistoryTest implements UpgradeHistoryContract {
    @Override
    public UpgradeHistory newHistory() {
        return new InMemoryUpgradeHistory();
    }

    @Override
    public UpgradeHistory reopen(UpgradeHistory history) {
        return history;
    }
}
