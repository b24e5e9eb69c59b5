package io.waiaas.adapters.host;

import io.waiaas.application.port.out.Pause;
import io.waiaas.application.testkit.PauseContract;
import java.time.InstantSource;

/** Runs the {@link PauseContract} against the real pause, which sleeps. */
class ThreadPauseIT implements PauseContract {

    @Override
    public Pause newPause() {
        return new ThreadPause();
    }

    @Override
    public InstantSource clock() {
        return InstantSource.system();
    }
}
