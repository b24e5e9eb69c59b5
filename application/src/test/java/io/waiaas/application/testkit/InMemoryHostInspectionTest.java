package io.waiaas.application.testkit;

import io.waiaas.application.port.out.HostInspection;

class InMemoryHostInspectionTest implements HostInspectionContract {
    private final InMemoryHostInspection host = new InMemoryHostInspection("/var/lib/waiaas");

    @Override
    public HostInspection newInspection() {
        return host;
    }

    @Override
    public String dataDir() {
        return "/var/lib/waiaas";
    }

    @Override
    public void createBackupsDir() {
        host.createBackupsDir();
    }

    @Override
    public void openDataDirToOthers() {
        host.openDataDirToOthers();
    }

    @Override
    public void blockBackupsDir() {
        host.blockBackupsDir();
    }

    @Override
    public long leaveStalePidFile() {
        return host.leaveStalePidFile();
    }

    @Override
    public void holdDataDir() {
        // A running daemon's lock is never stale: nothing to record.
    }

    @Override
    public void leaveUpgradeJournal() {
        host.leaveUpgradeJournal();
    }

    @Override
    public int occupiedPort() {
        host.occupy(3100);
        return 3100;
    }

    @Override
    public int freePort() {
        return 3101;
    }

    @Override
    public String putInstallationOnPath() {
        host.installation("/opt/waiaas/versions/1.9.0/bin/waiaas");
        host.onPath("/opt/waiaas/versions/1.9.0/bin/waiaas");
        return "/opt/waiaas/versions/1.9.0/bin/waiaas";
    }

    @Override
    public String putOtherOnPath() {
        host.onPath("/usr/local/bin/waiaas");
        return "/usr/local/bin/waiaas";
    }
}
