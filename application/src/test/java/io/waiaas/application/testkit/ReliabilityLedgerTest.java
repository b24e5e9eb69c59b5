package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityLedgerTest {
    @TempDir
    Path tmp;

    private Optional<String> before;

    @BeforeEach
    void remember() {
        before = Optional.ofNullable(System.getProperty(ReliabilityLedger.PROPERTY));
    }

    @AfterEach
    void restore() {
        before.ifPresentOrElse(
                v -> System.setProperty(ReliabilityLedger.PROPERTY, v),
                () -> System.clearProperty(ReliabilityLedger.PROPERTY));
    }

    @Test
    void appendsOneTabSeparatedLinePerCall() throws IOException {
        Path ledger = tmp.resolve("ledger.tsv");
        System.setProperty(ReliabilityLedger.PROPERTY, ledger.toString());

        ReliabilityLedger.crashPoint("kill at\tBACKUP");
        ReliabilityLedger.hostileInput("tarball on another host");
        ReliabilityLedger.rowsChecked(200);
        ReliabilityLedger.rowsLost(0);
        ReliabilityLedger.faultPoint("upgrade write#7 ENOSPC pwrite64 upgrade.journal | clean | exit 5 | line | ");

        assertEquals(
                List.of(
                        "crash-point\t1\tkill at BACKUP",
                        "hostile-input\t1\ttarball on another host",
                        "rows-checked\t200\t",
                        "rows-lost\t0\t",
                        "fault-point\t1\tupgrade write#7 ENOSPC pwrite64 upgrade.journal | clean | exit 5 | line |"),
                Files.readAllLines(ledger));
    }

    @Test
    void namesTheCallingTest() throws IOException {
        Path ledger = tmp.resolve("ledger.tsv");
        System.setProperty(ReliabilityLedger.PROPERTY, ledger.toString());

        Runnable nested = () -> ReliabilityLedger.hostileInputOfCallingTest("non-JSON packument");
        nested.run();

        assertEquals(
                List.of("hostile-input\t1\tReliabilityLedgerTest.namesTheCallingTest: non-JSON packument"),
                Files.readAllLines(ledger));
    }

    @Test
    void writesNothingWithoutTheProperty() {
        System.clearProperty(ReliabilityLedger.PROPERTY);
        ReliabilityLedger.hostileInput("ignored");
        System.setProperty(ReliabilityLedger.PROPERTY, " ");
        ReliabilityLedger.hostileInput("ignored");

        assertEquals(Optional.empty(), ReliabilityLedger.file());
        assertFalse(Files.exists(tmp.resolve("ledger.tsv")));
    }

    @Test
    void refusesANegativeCount() {
        assertThrows(IllegalArgumentException.class, () -> ReliabilityLedger.rowsLost(-1));
    }
}
