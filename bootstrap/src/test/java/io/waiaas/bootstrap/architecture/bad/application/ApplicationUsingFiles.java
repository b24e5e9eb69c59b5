package io.waiaas.bootstrap.architecture.bad.application;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fixture, breaking rule 2: the application uses java.nio.file. */
public final class ApplicationUsingFiles {
    /** Fixture. */
    public String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
