package io.waiaas.application.testkit;

import io.waiaas.application.port.out.KeyValueStore;

class InMemoryKeyValueStoreTest implements KeyValueStoreContract {
    @Override
    public KeyValueStore newStore() {
        return new InMemoryKeyValueStore();
    }
}
