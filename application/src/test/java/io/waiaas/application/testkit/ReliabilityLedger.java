package io.waiaas.application.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Count what the reliability suites tried, for {@code reliability/run}'s totals: crash points, hostile inputs, rows
 * checked and rows lost.
 *
 * <p>Each call appends one line {@code kind TAB count TAB case} to the file named by the system property
 * {@value #PROPERTY} (set by the build for every test JVM; the runner points it at one file for all modules). Without
 * the property, or with it empty, nothing is written. Lines are short single appends, so test JVMs running side by side
 * can share the file.
 */
public final class ReliabilityLedger {
    /** The system property naming the ledger file. */
    public static final String PROPERTY = "waiaas.reliability.ledger";

    /** The kinds of line the runner adds up. */
    public enum Kind {
        /** One crash point (a kill at a journal step or a random instant) tried. */
        CRASH_POINT("crash-point"),
        /** One hostile input tried against the product. */
        HOSTILE_INPUT("hostile-input"),
        /** Rows whose presence was checked after a fault. */
        ROWS_CHECKED("rows-checked"),
        /** Rows found missing after a fault (must add up to 0). */
        ROWS_LOST("rows-lost"),
        /**
         * One I/O fault point tried; its case reads {@code operation point | outcome | exit N | stderr line |
         * problems}, the outcome one of {@code not reached}, {@code clean}, {@code messy}, {@code messy (known)},
         * {@code inconsistent}.
         */
        FAULT_POINT("fault-point");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** Return the label written in the ledger's first column. */
        public String label() {
            return label;
        }
    }

    private ReliabilityLedger() {}

    /** Record that the crash point {@code caseName} was tried. */
    public static void crashPoint(String caseName) {
        append(Kind.CRASH_POINT, 1, caseName);
    }

    /** Record that the hostile input {@code caseName} was tried. */
    public static void hostileInput(String caseName) {
        append(Kind.HOSTILE_INPUT, 1, caseName);
    }

    /**
     * Record that a hostile input was tried by the calling test, named by the test (its class and method, found on
     * the stack) and {@code detail}.
     */
    public static void hostileInputOfCallingTest(String detail) {
        hostileInput(callingTest() + (detail.isBlank() ? "" : ": " + detail));
    }

    /** Return the outermost waiaas frame of the stack as {@code Class.method}: the test that is running. */
    static String callingTest() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> f.getClassName().startsWith("io.waiaas.")
                                && !f.getClassName().equals(ReliabilityLedger.class.getName()))
                        .reduce((inner, outer) -> outer)
                        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "."
                                + f.getMethodName())
                        .orElse("unknown test"));
    }

    /** Record that the I/O fault point described by {@code outcome} was tried (see {@link Kind#FAULT_POINT}). */
    public static void faultPoint(String outcome) {
        append(Kind.FAULT_POINT, 1, outcome);
    }

    /** Record that {@code count} rows were checked after a fault. */
    public static void rowsChecked(long count) {
        append(Kind.ROWS_CHECKED, count, "");
    }

    /** Record that {@code count} rows were found missing after a fault. */
    public static void rowsLost(long count) {
        append(Kind.ROWS_LOST, count, "");
    }

    /** Return the ledger file, or empty when the property is unset or blank. */
    public static Optional<Path> file() {
        return Optional.ofNullable(System.getProperty(PROPERTY))
                .filter(p -> !p.isBlank())
                .map(Path::of);
    }

    /** Append one line of {@code kind} with {@code count} for {@code caseName}, when a ledger file is set. */
    public static void append(Kind kind, long count, String caseName) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        Optional<Path> file = file();
        if (file.isEmpty()) {
            return;
        }
        String name = caseName.replaceAll("[\\t\\r\\n]+", " ").strip();
        byte[] line = (kind.label() + "\t" + count + "\t" + name + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(
                    file.get(), line, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the reliability ledger " + file.get(), e);
        }
    }
}
