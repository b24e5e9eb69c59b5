package io.waiaas.bootstrap.e2e;

import io.waiaas.bootstrap.e2e.FaultInjector.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Count, from {@code strace -ff -y} output, the system calls a run made on the files under a root, by the kinds of
 * {@link FaultInjector}: the kernel's view, to check that the injector (which sees the C library's calls) misses none.
 * A listing is counted as the directories listed (one {@code readdir} call of the library may or may not make a
 * {@code getdents64} call); every other kind call for call.
 */
final class StraceCount {
    /** The system calls traced, by the kind they are counted as. */
    static final Map<String, Kind> SYSCALLS = Map.ofEntries(
            Map.entry("open", Kind.OPEN),
            Map.entry("openat", Kind.OPEN),
            Map.entry("creat", Kind.OPEN),
            Map.entry("write", Kind.WRITE),
            Map.entry("pwrite64", Kind.WRITE),
            Map.entry("writev", Kind.WRITE),
            Map.entry("pwritev", Kind.WRITE),
            Map.entry("copy_file_range", Kind.WRITE),
            Map.entry("sendfile", Kind.WRITE),
            Map.entry("fsync", Kind.FSYNC),
            Map.entry("fdatasync", Kind.FSYNC),
            Map.entry("rename", Kind.RENAME),
            Map.entry("renameat", Kind.RENAME),
            Map.entry("renameat2", Kind.RENAME),
            Map.entry("mkdir", Kind.MKDIR),
            Map.entry("mkdirat", Kind.MKDIR),
            Map.entry("getdents64", Kind.READDIR),
            Map.entry("ftruncate", Kind.FTRUNCATE),
            Map.entry("truncate", Kind.FTRUNCATE),
            Map.entry("unlink", Kind.UNLINK),
            Map.entry("unlinkat", Kind.UNLINK),
            Map.entry("rmdir", Kind.UNLINK));

    /** {@code name(args) = result}, the result maybe decorated with a path: one finished call of one thread. */
    private static final Pattern CALL = Pattern.compile("^(\\w+)\\((.*)\\)\\s+=\\s+(-?\\d+)");
    /** An fd argument as {@code -y} decorates it: {@code 7</x/data/waiaas.db>}. */
    private static final Pattern FD = Pattern.compile("^-?\\d+<(.*)>$");
    /** A string argument: {@code "/x/data/waiaas.db"}. */
    private static final Pattern STRING = Pattern.compile("^\"(.*)\"$");

    private StraceCount() {}

    /** Return the command prefix that traces a launcher's processes into {@code dir}, one file per thread. */
    static List<String> command(Path strace, Path dir) {
        return List.of(
                strace.toString(),
                "-f",
                "-ff",
                "-qq",
                "-y",
                "--seccomp-bpf",
                "-s",
                "4096",
                "-o",
                dir.resolve("t").toString(),
                "-e",
                "trace=" + String.join(",", SYSCALLS.keySet()));
    }

    /** Return where strace is, if it is installed. */
    static Optional<Path> strace() {
        return Stream.of("/usr/bin/strace", "/bin/strace")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The counts of one traced run: calls per kind, and the directories listed. */
    record Counts(Map<Kind, Long> calls, List<String> listed) {}

    /** Count the calls on files under {@code root} in the trace files in {@code dir}. */
    static Counts count(Path dir, Path root) throws IOException {
        Map<Kind, Long> calls = new EnumMap<>(Kind.class);
        List<String> listed = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> traces = Files.list(dir)) {
            files = traces.sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = CALL.matcher(line);
                if (!m.find() || !SYSCALLS.containsKey(m.group(1))) {
                    continue;
                }
                Kind kind = SYSCALLS.get(m.group(1));
                Optional<String> path = path(m.group(1), arguments(m.group(2)));
                if (path.isEmpty() || !under(path.get(), root)) {
                    continue;
                }
                if (kind == Kind.READDIR) {
                    if (!listed.contains(path.get())) {
                        listed.add(path.get());
                    }
                } else {
                    calls.merge(kind, 1L, Long::sum);
                }
            }
        }
        return new Counts(calls, listed);
    }

    /** Return the file a call works on, as the fault injector judges it. */
    private static Optional<String> path(String syscall, List<String> args) {
        int fdArg;
        int pathArg;
        switch (syscall) {
            case "open", "creat", "mkdir", "unlink", "rmdir", "rename", "truncate" -> {
                return string(args, 0);
            }
            case "openat", "mkdirat", "unlinkat", "renameat", "renameat2" -> {
                fdArg = 0;
                pathArg = 1;
            }
            case "copy_file_range" -> {
                return fd(args, 2);
            }
            default -> {
                return fd(args, 0);
            }
        }
        Optional<String> name = string(args, pathArg);
        if (name.isPresent() && !name.get().startsWith("/")) {
            return fd(args, fdArg).map(base -> base + "/" + name.get());
        }
        return name; // a rename is counted by its source, as the injector counts it
    }

    private static Optional<String> string(List<String> args, int i) {
        if (i >= args.size()) {
            return Optional.empty();
        }
        Matcher m = STRING.matcher(args.get(i).strip());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<String> fd(List<String> args, int i) {
        if (i >= args.size()) {
            return Optional.empty();
        }
        Matcher m = FD.matcher(args.get(i).strip());
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Split strace's argument list at the top-level commas (strings and brackets hold commas of their own). */
    private static List<String> arguments(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length()) {
                    current.append(c).append(text.charAt(++i));
                    continue;
                }
                quoted = c != '"';
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[' || c == '{' || c == '(' || c == '<') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')' || c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        args.add(current.toString());
        return args;
    }

    private static boolean under(String path, Path root) {
        String r = root.toString();
        return path.equals(r) || path.startsWith(r + "/");
    }
}
