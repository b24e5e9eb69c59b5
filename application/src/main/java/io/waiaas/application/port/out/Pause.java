package io.waiaas.application.port.out;

import java.time.Duration;

/**
 * Let time pass while a use case waits for something outside it (a daemon to answer, a process to exit): the one
 * way the application waits, so tests move time by hand.
 */
public interface Pause {

    /**
     * Wait for {@code duration}, or less when the thread is interrupted.
     *
     * @throws io.waiaas.domain.WaiaasException FAILED when interrupted, with the interrupt flag set again
     */
    void pause(Duration duration);
}
