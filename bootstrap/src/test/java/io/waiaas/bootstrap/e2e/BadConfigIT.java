package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad config.toml is one line naming the key or line, exit 1, and nothing started. */
class BadConfigIT {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[daemon]\\nprot = 3100\\n|prot",
                "[daemon]\\nport = 70000\\n|port",
                "[daemon]\\nport = 3100\\nhostname = \\n|line 3",
                "[nonsense]\\nx = 1\\n|nonsense",
                "[update]\\ncheck = \"yes\"\\n|check",
            })
    void badConfigIsOneLineNamingTheCauseAndStartsNothing(String toml, String named) throws Exception {
        Path dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("config.toml"), toml.replace("\\n", "\n"));
        ImageRunner waiaas = new ImageRunner(dataDir, tmp);
        for (String[] args : new String[][] {{"start"}, {"start", "-d"}}) {
            ImageRunner.Result r = waiaas.run(args);
            assertEquals(1, r.exit(), r.toString());
            assertEquals("", r.out());
            assertEquals(1, r.err().strip().lines().count(), r.toString());
            assertTrue(r.err().contains(named), r.toString());
            assertFalse(r.err().contains("\tat "), r.toString());
            assertFalse(Files.exists(dataDir.resolve("daemon.pid")));
            assertFalse(Files.exists(dataDir.resolve("data")), "the database must not be created");
        }
    }
}
