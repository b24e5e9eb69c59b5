package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.Pause;
import java.time.Duration;

/** Let time pass by putting the calling thread to sleep. */
public final class ThreadPause implements Pause {

    @Override
    public void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationException.failed("interrupted while waiting");
        }
    }
}
