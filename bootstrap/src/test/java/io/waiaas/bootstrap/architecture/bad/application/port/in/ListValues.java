package io.waiaas.bootstrap.architecture.bad.application.port.in;

import io.waiaas.bootstrap.architecture.bad.domain.GoodValue;
import java.util.List;

/** Fixture: an in-port, which adapters drive. */
public interface ListValues {
    /** Return the values. */
    List<GoodValue> values();
}
