package io.waiaas.application.testkit;

import io.waiaas.application.port.out.VersionSource;

class InMemoryVersionSourceTest implements VersionSourceContract {
    @Override
    public VersionSource newSource(PublishedPackages published) {
        return new InMemoryVersionSource(published);
    }
}
