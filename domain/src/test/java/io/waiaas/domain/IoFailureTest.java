package io.waiaas.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The platform's reasons, as the JDK reports them, and the line an operator reads for each. */
class IoFailureTest {
    @ParameterizedTest(name = "{index}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            No space left on device   | disk full at /d/data/waiaas.db
            Disk quota exceeded       | disk full at /d/data/waiaas.db
            Input/output error        | I/O error at /d/data/waiaas.db (the disk or file system reported a fault)
            Permission denied         | permission denied on /d/data/waiaas.db (owned by alice)
            Operation not permitted   | permission denied on /d/data/waiaas.db (owned by alice)
            Read-only file system     | read-only file system at /d/data/waiaas.db
            Invalid cross-device link | cannot move /d/data/waiaas.db to /e/waiaas.db: they are on different file systems
            No such file or directory | /d/data/waiaas.db does not exist
            Too many open files       | Too many open files at /d/data/waiaas.db
            ''                        | cannot access the file at /d/data/waiaas.db
            """)
    void describesEachReasonNamingTheFile(String reason, String expected) {
        IoFailure failure =
                IoFailure.of("/d/data/waiaas.db", Optional.of("/e/waiaas.db"), reason, Optional.of("alice"));
        assertEquals(expected, failure.describe());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @CsvSource({"Permission denied", "Invalid cross-device link"})
    void saysWhatItKnowsWhenTheOwnerOrTargetIsUnknown(String reason) {
        IoFailure failure = IoFailure.of("/d/x", Optional.empty(), reason, Optional.empty());
        assertEquals(
                reason.startsWith("Permission")
                        ? "permission denied on /d/x"
                        : "cannot move /d/x to its new name: they are on different file systems",
                failure.describe());
    }
}
