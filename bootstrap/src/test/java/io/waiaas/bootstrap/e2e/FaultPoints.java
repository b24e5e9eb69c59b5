package io.waiaas.bootstrap.e2e;

import io.waiaas.bootstrap.e2e.FaultInjector.Call;
import io.waiaas.bootstrap.e2e.FaultInjector.Errno;
import io.waiaas.bootstrap.e2e.FaultInjector.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Choose the fault points of one operation from the calls a fault-free run of it made (its count run).
 *
 * <p>Every call is a point, with every errno that fits its kind, except inside a run of consecutive calls of one kind
 * made by the same function on the same place (a file written in 8 KiB pieces, a runtime image copied file by file):
 * there only the first and the last call of the run are points. The place is the path with what differs from run to
 * run or file to file made general: the data dir, a staging directory's random name, a backup's timestamp, the files
 * inside an installed version.
 *
 * <p>The fast subset (the default run, CI) takes one point for each kind of call the operation names a representative
 * place for (the place its own logic acts on: the backup's staging copy, the journal, the switch of {@code current}):
 * the first call of the kind at a matching place (else the first call of the kind), with the kind's first errno.
 */
final class FaultPoints {
    /** The errnos each kind of call is failed with in the full sweep, the first also in the fast subset. */
    static final Map<Kind, List<Errno>> ERRNOS = errnos();

    private FaultPoints() {}

    private static Map<Kind, List<Errno>> errnos() {
        Map<Kind, List<Errno>> errnos = new EnumMap<>(Kind.class);
        errnos.put(Kind.OPEN, List.of(Errno.EACCES, Errno.EIO));
        errnos.put(Kind.WRITE, List.of(Errno.ENOSPC, Errno.EIO));
        errnos.put(Kind.FSYNC, List.of(Errno.EIO, Errno.ENOSPC));
        errnos.put(Kind.RENAME, List.of(Errno.EXDEV, Errno.EACCES));
        errnos.put(Kind.MKDIR, List.of(Errno.ENOSPC, Errno.EACCES));
        errnos.put(Kind.READDIR, List.of(Errno.EIO));
        errnos.put(Kind.FTRUNCATE, List.of(Errno.EIO));
        errnos.put(Kind.UNLINK, List.of(Errno.EACCES, Errno.EIO));
        return errnos;
    }

    /** One fault point: fail call {@code n} of {@code kind} (a call of {@code site}) with {@code errno}. */
    record Point(Kind kind, long n, Errno errno, String site) {
        String name() {
            return kind.label + "#" + n + " " + errno + " " + site;
        }
    }

    /** Return the place of {@code path}: relative to {@code dataDir}, with what varies between runs made general. */
    static String place(Path dataDir, String path) {
        String p = path.startsWith(dataDir + "/")
                ? path.substring(dataDir.toString().length() + 1)
                : path.equals(dataDir.toString()) ? "." : path;
        p = p.replaceAll("[0-9]{15,}", "*"); // random names: Files.createTempFile's, a staging dir's
        p = p.replaceAll("\\.tmp-[0-9]+-\\*", ".tmp-*");
        p = p.replaceAll("-[0-9]{14}(-[0-9]+)?", "-*");
        // The files of a version being installed or copied: one place (the same code writes each of them).
        p = p.replaceAll("(versions/[^/]+|\\.staging-[^/]+/package)/.+", "$1/**");
        p = p.replaceAll("[0-9]{6,}", "*");
        return p;
    }

    /** Return the site of {@code call}: its function and place. */
    static String site(Path dataDir, Call call) {
        return call.function() + " " + place(dataDir, call.path());
    }

    /**
     * Return every point of the full sweep over {@code calls} (in the order they were logged), kind by kind. A run is
     * broken where its file was opened again in between: each record of the journal (open, write, sync) is a point
     * of its own, while a file written in pieces, or a tree copied file by file, is one run.
     */
    static List<Point> full(Path dataDir, List<Call> calls) {
        List<Point> points = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<Integer> ofKind = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                if (calls.get(i).kind() == kind) {
                    ofKind.add(i);
                }
            }
            ofKind.sort((a, b) -> Long.compare(calls.get(a).n(), calls.get(b).n()));
            for (int j = 0; j < ofKind.size(); j++) {
                Call call = calls.get(ofKind.get(j));
                boolean continuesRun = j > 0 && sameRun(dataDir, calls, ofKind.get(j - 1), ofKind.get(j));
                boolean runGoesOn = j + 1 < ofKind.size() && sameRun(dataDir, calls, ofKind.get(j), ofKind.get(j + 1));
                if (!continuesRun || !runGoesOn) {
                    for (Errno errno : ERRNOS.get(kind)) {
                        points.add(new Point(kind, call.n(), errno, site(dataDir, call)));
                    }
                }
            }
        }
        return points;
    }

    /** Tell whether the calls at log positions {@code a} and {@code b} are one run: one site, no reopening between. */
    private static boolean sameRun(Path dataDir, List<Call> calls, int a, int b) {
        Call first = calls.get(a);
        Call second = calls.get(b);
        if (!site(dataDir, first).equals(site(dataDir, second))) {
            return false;
        }
        for (int i = Math.min(a, b) + 1; i < Math.max(a, b); i++) {
            Call between = calls.get(i);
            if (between.kind() == Kind.OPEN && between.path().equals(second.path())) {
                return false;
            }
        }
        return true;
    }

    /** Return the fast subset: per kind named, the first call at the representative place (else the first call). */
    static List<Point> fast(Path dataDir, List<Call> calls, Map<Kind, Pattern> representative) {
        Map<Kind, Point> points = new LinkedHashMap<>();
        for (Kind kind : representative.keySet()) {
            List<Call> ofKind = calls.stream()
                    .filter(c -> c.kind() == kind)
                    .sorted((a, b) -> Long.compare(a.n(), b.n()))
                    .toList();
            Pattern pattern = representative.get(kind);
            Optional<Call> preferred = ofKind.stream()
                    .filter(c -> pattern.matcher(site(dataDir, c)).find())
                    .findFirst();
            preferred
                    .or(() -> ofKind.stream().findFirst())
                    .ifPresent(call -> points.put(
                            kind, new Point(kind, call.n(), ERRNOS.get(kind).get(0), site(dataDir, call))));
        }
        return List.copyOf(points.values());
    }
}
