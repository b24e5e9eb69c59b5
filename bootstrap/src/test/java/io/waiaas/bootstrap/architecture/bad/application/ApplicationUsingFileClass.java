package io.waiaas.bootstrap.architecture.bad.application;

import java.io.FileInputStream;
import java.io.IOException;

/** Fixture, breaking rule 2: the application uses java.io.File*. */
public final class ApplicationUsingFileClass {
    /** Fixture. */
    public int first(String name) throws IOException {
        try (FileInputStream in = new FileInputStream(name)) {
            return in.read();
        }
    }
}
