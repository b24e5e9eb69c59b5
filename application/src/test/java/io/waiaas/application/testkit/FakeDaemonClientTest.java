package io.waiaas.application.testkit;

import io.waiaas.application.port.out.DaemonClient;
import io.waiaas.domain.HealthSnapshot;

class FakeDaemonClientTest implements DaemonClientContract {
    private final FakeDaemonClient client = new FakeDaemonClient();
    private int nextPort = 40000;

    @Override
    public DaemonClient newClient() {
        return client;
    }

    @Override
    public int serving(HealthSnapshot snapshot) {
        int port = nextPort++;
        client.serve(port, snapshot);
        return port;
    }

    @Override
    public int nothingListening() {
        return nextPort++;
    }

    @Override
    public int answeringGarbage() {
        int port = nextPort++;
        client.occupyWithSomethingElse(port);
        return port;
    }

    @Override
    public int acceptingButSilent() {
        int port = nextPort++;
        client.occupyWithSomethingElse(port);
        return port;
    }
}
