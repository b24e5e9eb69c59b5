package io.waiaas.application.testkit;

import io.waiaas.application.port.out.Endpoint;
import io.waiaas.domain.HealthSnapshot;
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
        return endpoint.served(port).map(Endpoint.Served::health);
    }

    @Override
    public List<Endpoint.Listening> opened() {
        return opened;
    }
}
