package io.waiaas.adapters.host;

import io.waiaas.platform.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * Tie a command an upgrade runs (the new version's {@code db migrate}, its {@code --version}) to the life of that
 * upgrade, so that a {@code kill -9} of the upgrade cannot leave it behind.
 *
 * <p>The upgrade names its own pid in {@value #ENV} and keeps the child's standard input open as a pipe. The child
 * stops at once when its parent is not that pid (the upgrade was gone before the child started) and, later, when
 * its standard input reaches end of file: the operating system closes the pipe when the upgrade dies, however it
 * dies. Without this, an orphaned {@code db migrate} could migrate the database again after the next command had
 * restored it from the pre-upgrade backup, leaving data that the restored version refuses to open.
 */
public final class Lifeline {
    /** The environment variable that holds the pid of the upgrade the child belongs to. */
    public static final String ENV = Layout.Env.LIFELINE;

    /**
     * The environment variable that holds a daemon back until whoever started it releases it, by writing
     * {@value #RELEASE} and a newline to its standard input ({@code DaemonControl.spawnHeld}).
     */
    public static final String HELD = Layout.Env.START_HELD;

    /** The line that releases a held daemon. */
    public static final String RELEASE = "go";

    private Lifeline() {}

    /**
     * Wait, when {@code env} says this process was started held, until {@code pipe} brings the release line; run
     * {@code onAbandoned} (which must end the process) when it ends first: whoever started this daemon died before
     * it could record it, and a daemon nobody recorded must not serve.
     */
    public static void awaitReleaseIfHeld(Map<String, String> env, InputStream pipe, Runnable onAbandoned) {
        if (!"1".equals(env.get(HELD))) {
            return;
        }
        byte[] expected = (RELEASE + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            for (byte b : expected) {
                if (pipe.read() != b) {
                    onAbandoned.run();
                    return;
                }
            }
        } catch (IOException e) {
            onAbandoned.run();
        }
    }

    /**
     * Watch the lifeline when {@code env} asks for it: run {@code onCut} (which must end the process) when the
     * parent named there is not this process's parent, or when {@code pipe} ends.
     */
    public static void holdIfAsked(Map<String, String> env, InputStream pipe, Runnable onCut) {
        String named = env.get(ENV);
        if (named == null || named.isBlank()) {
            return;
        }
        Optional<Long> parent = ProcessHandle.current().parent().map(ProcessHandle::pid);
        if (!parent.map(pid -> Long.toString(pid).equals(named.strip())).orElse(false)) {
            onCut.run();
            return;
        }
        Thread.ofPlatform().daemon().name("waiaas-lifeline").start(() -> {
            try (pipe) {
                byte[] ignored = new byte[64];
                while (pipe.read(ignored) >= 0) {
                    // The upgrade writes nothing; only the end of the pipe matters.
                }
            } catch (IOException e) {
                // A broken pipe is a cut line too.
            }
            onCut.run();
        });
    }
}
