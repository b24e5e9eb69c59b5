package io.waiaas.application.testkit;

import io.waiaas.application.port.out.DiskSpace;

class InMemoryDiskSpaceTest implements DiskSpaceContract {
    private final InMemoryDiskSpace disk = new InMemoryDiskSpace("/var/lib/waiaas", "/opt/waiaas/versions");

    @Override
    public DiskSpace newDiskSpace() {
        return disk;
    }

    @Override
    public void addData(long bytes) {
        disk.addData(bytes);
    }

    @Override
    public void growRunningVersion(long bytes) {
        disk.growRunningVersion(bytes);
    }

    @Override
    public String blockDataDir() {
        return disk.blockDataDir();
    }

    @Override
    public String blockInstallRoot() {
        return disk.blockInstallRoot();
    }
}
