package io.waiaas.application.testkit;

import io.waiaas.application.port.out.DaemonControl;

class FakeDaemonControlTest implements DaemonControlContract {
    private final FakeDaemonControl control = new FakeDaemonControl();

    @Override
    public DaemonControl newControl(Launch launch) {
        control.launches(launch);
        return control;
    }

    @Override
    public long holdDataDir() {
        return control.holdDataDir();
    }

    @Override
    public void leaveStalePidFile() {
        control.leaveStalePidFile();
    }

    @Override
    public boolean pidFileExists() {
        return control.pidFileExists();
    }

    @Override
    public long startProcess(boolean ignoresSigterm) {
        return control.startProcess(ignoresSigterm);
    }

    @Override
    public boolean isAlive(long pid) {
        return control.isAlive(pid);
    }
}
