package io.waiaas.bootstrap.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Fail one I/O call of a real process tree: the Java side of {@code src/test/c/faultinject.c}, an {@code LD_PRELOAD}
 * library that counts the calls of eight kinds that every process and thread of one run makes on the files under
 * given roots, on one shared counter per kind, and fails the Nth call of one kind with one errno.
 *
 * <p>A {@link Session} is one run: the environment to give the processes, then what was counted and whether the
 * chosen call was reached. Closing the session stops all counting, also in a daemon the run started (which keeps the
 * library loaded).
 */
final class FaultInjector {
    /** The kinds of call counted, in the order of the library's counters. */
    enum Kind {
        OPEN("open"),
        WRITE("write"),
        FSYNC("fsync"),
        RENAME("rename"),
        MKDIR("mkdir"),
        READDIR("readdir"),
        FTRUNCATE("ftruncate"),
        UNLINK("unlink");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        static Kind of(String label) {
            return Arrays.stream(values())
                    .filter(k -> k.label.equals(label))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no call kind " + label));
        }
    }

    /** The errnos injected, by Linux x86_64 number, with the text the C library gives them. */
    enum Errno {
        EIO(5, "Input/output error"),
        EACCES(13, "Permission denied"),
        EXDEV(18, "Invalid cross-device link"),
        ENOSPC(28, "No space left on device");

        final int number;
        final String text;

        Errno(int number, String text) {
            this.number = number;
            this.text = text;
        }
    }

    /** One counted call: its kind and ordinal, the C function, the absolute path and the process. */
    record Call(Kind kind, long n, String function, String path, long pid) {}

    // The shared state's layout (struct state in faultinject.c).
    private static final int STATE_SIZE = 4096;
    private static final int CLOSED = 0;
    private static final int FIRED = 4;
    private static final int COUNTS = 8;
    private static final int FIRED_CALL = COUNTS + 8 * Kind.values().length;
    private static final int FIRED_CALL_SIZE = 512;

    private final Path library;

    private FaultInjector(Path library) {
        this.library = library;
    }

    /** Compile the library with the machine's C compiler into {@code dir} (once per directory). */
    static FaultInjector build(Path dir) throws IOException, InterruptedException {
        Path source = Path.of("src/test/c/faultinject.c").toAbsolutePath();
        Path library = dir.resolve("libwaiaasfault.so");
        if (!Files.exists(library)
                || Files.getLastModifiedTime(library).compareTo(Files.getLastModifiedTime(source)) < 0) {
            Files.createDirectories(dir);
            Process gcc = new ProcessBuilder(
                            "gcc",
                            "-shared",
                            "-fPIC",
                            "-O2",
                            "-Wall",
                            "-Werror",
                            "-o",
                            library.toString(),
                            source.toString(),
                            "-ldl")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(120, TimeUnit.SECONDS)) {
                gcc.destroyForcibly();
                throw new AssertionError("gcc did not finish in 120 s");
            }
            assertEquals(0, gcc.exitValue(), "the fault injector did not compile (gcc is needed):\n" + output);
        }
        return new FaultInjector(library);
    }

    /**
     * Open a session over {@code roots}: fail the {@code n}th call of {@code kind} with {@code errno}, or, with an
     * empty {@code fault}, only count (and log every call to {@code log}).
     */
    Session session(Path stateDir, List<Path> roots, Optional<Fault> fault) throws IOException {
        Files.createDirectories(stateDir);
        Path state = Files.createTempFile(stateDir, "fault-", ".state");
        Files.write(state, new byte[STATE_SIZE]);
        Path log = Files.createTempFile(stateDir, "fault-", ".log");
        return new Session(library, state, log, roots, fault);
    }

    /** The call to fail: the {@code n}th of {@code kind}, with {@code errno}. */
    record Fault(Kind kind, long n, Errno errno) {}

    /** One run under the library. */
    static final class Session implements AutoCloseable {
        private final Map<String, String> env = new LinkedHashMap<>();
        private final Path state;
        private final Path log;
        private final FileChannel channel;
        private final MappedByteBuffer shared;

        private Session(Path library, Path state, Path log, List<Path> roots, Optional<Fault> fault)
                throws IOException {
            this.state = state;
            this.log = log;
            this.channel = FileChannel.open(state, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.shared = channel.map(FileChannel.MapMode.READ_WRITE, 0, STATE_SIZE);
            shared.order(ByteOrder.nativeOrder());
            env.put("LD_PRELOAD", library.toString());
            env.put("WAIAAS_FAULT_STATE", state.toString());
            env.put(
                    "WAIAAS_FAULT_ROOTS",
                    String.join(":", roots.stream().map(Path::toString).toList()));
            env.put("WAIAAS_FAULT_LOG", log.toString());
            fault.ifPresent(f -> {
                env.put("WAIAAS_FAULT_KIND", f.kind().label);
                env.put("WAIAAS_FAULT_N", Long.toString(f.n()));
                env.put("WAIAAS_FAULT_ERRNO", Integer.toString(f.errno().number));
            });
        }

        /** Return the environment that puts a process (and its children) under this session. */
        Map<String, String> env() {
            return env;
        }

        /** Tell whether the call to fail was reached (and failed). */
        boolean fired() {
            return shared.getInt(FIRED) != 0;
        }

        /** Return "function path" of the call that was failed, empty when none was. */
        String firedCall() {
            byte[] bytes = new byte[FIRED_CALL_SIZE];
            shared.get(FIRED_CALL, bytes);
            int end = 0;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }

        /** Return the calls counted so far of {@code kind}. */
        long count(Kind kind) {
            return shared.getLong(COUNTS + 8 * kind.ordinal());
        }

        /** Return every call counted so far, in the order each kind's counter gave them. */
        List<Call> calls() throws IOException {
            List<Call> calls = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 5) {
                    calls.add(new Call(Kind.of(f[0]), Long.parseLong(f[1]), f[2], f[3], Long.parseLong(f[4])));
                }
            }
            return calls;
        }

        /** Stop counting and failing in every process of the session, also those still running. */
        @Override
        public void close() throws IOException {
            shared.putInt(CLOSED, 1);
            shared.force();
            channel.close();
            Files.deleteIfExists(state);
        }

        /** Delete the call log (kept until then for {@link #calls()}). */
        void deleteLog() throws IOException {
            Files.deleteIfExists(log);
        }
    }
}
