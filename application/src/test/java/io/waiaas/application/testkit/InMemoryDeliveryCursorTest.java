package io.waiaas.application.testkit;

import io.waiaas.application.port.out.DeliveryCursor;

class InMemoryDeliveryCursorTest implements DeliveryCursorContract {
    private InMemoryDeliveryCursor cursor;

    @Override
    public DeliveryCursor newCursor() {
        cursor = new InMemoryDeliveryCursor();
        return cursor;
    }

    @Override
    public DeliveryCursor sameDataDir() {
        return cursor.sameDataDir();
    }
}
