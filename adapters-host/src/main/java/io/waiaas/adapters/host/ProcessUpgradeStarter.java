package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.UpgradeStarter;
import io.waiaas.domain.Version;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import io.waiaas.platform.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Start {@code waiaas --data-dir DIR upgrade --to V --yes --json} in a session of its own, its output appended to
 * {@code {dataDir}/logs/auto-upgrade.log} (owner only): it stops the daemon that started it and must outlive it.
 */
public final class ProcessUpgradeStarter implements UpgradeStarter {
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /** What the daemon's own environment must not pass on: the upgrade is a command of its own, not a child's. */
    private static final List<String> NOT_INHERITED = List.of(
            Layout.Env.UPGRADE_CHILD,
            Layout.Env.LIFELINE,
            Layout.Env.START_HELD,
            Layout.Env.HANDED_OVER_FROM,
            Layout.Env.AOT_TRAINING,
            Layout.Env.LAUNCHER);

    private final Path dataDir;
    private final List<String> launchCommand;

    /**
     * Create the starter for the data dir {@code dataDir}, running {@code launchCommand} (the install root's stable
     * {@code bin/waiaas}, which follows {@code current}, or this very build).
     */
    public ProcessUpgradeStarter(Path dataDir, List<String> launchCommand) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.launchCommand = List.copyOf(launchCommand);
    }

    @Override
    public void start(Version target) {
        Objects.requireNonNull(target, "target");
        Path log = Layout.autoUpgradeLog(dataDir);
        try {
            PrivateFiles.ensureDirectory(log.getParent());
            PrivateFiles.ensureFile(log);
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                command.add(SETSID.toString());
            }
            command.addAll(launchCommand);
            command.addAll(
                    List.of("--data-dir", dataDir.toString(), "upgrade", "--to", target.toString(), "--yes", "--json"));
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> env = builder.environment();
            NOT_INHERITED.forEach(env::remove);
            env.put(Layout.Env.NO_UPDATE_NOTIFY, "1");
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.redirectErrorStream(true);
            builder.start();
        } catch (IOException e) {
            throw ApplicationException.failed("cannot start the upgrade: " + IoErrors.describe(e, log));
        }
    }
}
