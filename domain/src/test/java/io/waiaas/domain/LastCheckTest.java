package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LastCheckTest {

    @ParameterizedTest(name = "checked at {0}, failed at {1}: {2} at {3}")
    @CsvSource(
            nullValues = "-",
            value = {
                // checkedAt, failedAt, result, at
                "-,     -,     -,      -",
                "1000,  -,     OK,     1000",
                "-,     2000,  FAILED, 2000",
                "3000,  2000,  OK,     3000",
                "2000,  3000,  FAILED, 3000",
                "2000,  2000,  FAILED, 2000",
                "junk,  2000,  FAILED, 2000",
                "1000,  junk,  OK,     1000",
                "' 1000 ', -,  OK,     1000",
                "junk,  '',    -,      -",
            })
    void takesTheNewerOfTheLastSuccessAndTheLastFailure(
            String checkedAt, String failedAt, LastCheck.Result result, Long at) {
        Optional<LastCheck> expected =
                result == null ? Optional.empty() : Optional.of(new LastCheck(Instant.ofEpochSecond(at), result));
        assertEquals(expected, LastCheck.fromRows(Optional.ofNullable(checkedAt), Optional.ofNullable(failedAt)));
    }
}
