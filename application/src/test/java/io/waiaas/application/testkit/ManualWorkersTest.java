package io.waiaas.application.testkit;

import io.waiaas.application.port.out.Workers;
import java.time.Duration;

class ManualWorkersTest implements WorkersContract {
    @Override
    public Workers newWorkers() {
        return new ManualWorkers();
    }

    @Override
    public void letTimePass(Workers workers, Duration time) {
        ((ManualWorkers) workers).advance(time);
    }
}
