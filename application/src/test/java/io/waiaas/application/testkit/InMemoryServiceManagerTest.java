package io.waiaas.application.testkit;

import io.waiaas.application.port.out.ServiceManager;

class InMemoryServiceManagerTest implements ServiceManagerContract {
    private final InMemoryServiceManager manager = new InMemoryServiceManager();

    @Override
    public ServiceManager newManager() {
        return manager;
    }

    @Override
    public String unitText(String file) {
        return manager.text(file);
    }

    @Override
    public void startUnit(boolean user) {
        manager.start(user);
    }
}
