package io.waiaas.application.port.in;

/**
 * Put an interrupted upgrade right before a daemon starts, and say whether the start may go on (UPGR-B5): the
 * decision {@code waiaas start} acts on.
 */
public interface RecoverBeforeStart {

    /**
     * Complete or roll back an interrupted upgrade, waiting for a daemon it had started, and tell what the start
     * should do.
     *
     * @param detached whether the daemon is to be started in the background ({@code start -d}), which runs whichever
     *     version is current; in the foreground this very build would be the daemon
     */
    StartClearance beforeStart(boolean detached, UpgradeListener listener);
}
