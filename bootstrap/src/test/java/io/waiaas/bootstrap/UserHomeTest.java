package io.waiaas.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default data dir follows {@code $HOME}, as the shell and npm do, not only the password database's home. */
class UserHomeTest {

    @Test
    void homeIsTheVariableWhenSetElseTheJvmsUserHome() {
        assertEquals(Path.of("/srv/waiaas"), Main.userHome(Map.of("HOME", "/srv/waiaas"), "/root"));
        assertEquals(Path.of("/root"), Main.userHome(Map.of(), "/root"));
        assertEquals(Path.of("/root"), Main.userHome(Map.of("HOME", " "), "/root"), "a blank HOME is unset");
    }
}
