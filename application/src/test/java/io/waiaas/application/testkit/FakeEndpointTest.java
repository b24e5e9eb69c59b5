package io.waiaas.application.testkit;

import io.waiaas.application.HealthSnapshot;
import io.waiaas.application.port.in.ReportHealth;
import io.waiaas.application.port.out.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

class FakeEndpointTest implements EndpointContract {
    private final FakeEndpoint endpoint = new FakeEndpoint();
    private final List<Endpoint.Listening> opened = new ArrayList<>();

    @Override
    public Endpoint newEndpoint() {
        return endpoint;
    }

    @Override
    public Optional<HealthSnapshot> askHealth(int port) {
        return endpoint.served(port).map(ReportHealth::health);
    }

    @Override
    public List<Endpoint.Listening> opened() {
        return opened;
    }
}
