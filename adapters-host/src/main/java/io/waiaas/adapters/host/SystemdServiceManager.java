package io.waiaas.adapters.host;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.ServiceManager;
import io.waiaas.platform.IoErrors;
import io.waiaas.platform.Layout;
import io.waiaas.platform.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Install, remove and inspect {@code waiaas.service} with systemd: a system unit in {@code /etc/systemd/system}, a user
 * unit in {@code ~/.config/systemd/user} ({@code $XDG_CONFIG_HOME} honoured), or both in {@code
 * $WAIAAS_SYSTEMD_UNIT_DIR}.
 *
 * <p>The unit is {@code Type=simple}: the JDK cannot send {@code sd_notify}'s datagram ({@code SOCK_DGRAM} over a unix
 * socket is not in its API), so readiness is an {@code ExecStartPost=} that waits until the daemon answers its health
 * check. The daemon writes and rotates its own {@code logs/daemon.log}; as a detached daemon's, its standard output
 * and error (what is no log record) are appended to {@code logs/daemon.out}, so an upgrade can name why a start
 * failed.
 */
public final class SystemdServiceManager implements ServiceManager {
    private static final String SYSTEM_DIR = "/etc/systemd/system";
    private static final String USER_TARGET = "default.target";
    private static final String SYSTEM_TARGET = "multi-user.target";
    /** The longest graceful stop a daemon may take ({@code [daemon] shutdown_timeout} is at most 300 s), and some. */
    private static final int STOP_SECONDS = 330;

    private final Map<String, String> env;
    private final Path userHome;

    /** Manage the unit with the {@code systemctl} and directories {@code env} and {@code userHome} give. */
    public SystemdServiceManager(Map<String, String> env, Path userHome) {
        this.env = Map.copyOf(env);
        this.userHome = userHome;
    }

    /** Return the folder the unit of scope {@code user} lives in. */
    static Path unitDir(Map<String, String> env, Path userHome, boolean user) {
        String override = env.get(Systemctl.UNIT_DIR);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        if (!user) {
            return Path.of(SYSTEM_DIR);
        }
        String config = env.get("XDG_CONFIG_HOME");
        Path base = config != null && !config.isBlank() ? Path.of(config) : userHome.resolve(".config");
        return base.resolve("systemd").resolve("user");
    }

    private Path unitFile(boolean user) {
        return unitDir(env, userHome, user).resolve(Systemctl.UNIT);
    }

    @Override
    public UnitState state() {
        Systemctl systemctl = new Systemctl(env, true);
        if (systemctl.executable().isEmpty()) {
            return new UnitState.Unavailable("no systemctl on PATH");
        }
        for (boolean user : new boolean[] {true, false}) {
            Path file = unitFile(user);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String text = read(file);
            // One folder may hold either scope's unit ($WAIAAS_SYSTEMD_UNIT_DIR): its install target tells which.
            boolean userUnit = text.contains("WantedBy=" + USER_TARGET);
            Systemctl scoped = systemctl.scope(userUnit);
            return new UnitState.Installed(
                    file.toString(),
                    userUnit,
                    dataDir(text),
                    scoped.run("is-enabled", Systemctl.UNIT).ok(),
                    scoped.run("is-active", Systemctl.UNIT).ok());
        }
        return new UnitState.NotInstalled();
    }

    /** Return the data dir the unit's {@code ExecStart=} names, unquoted, or empty. */
    static Optional<String> dataDir(String unit) {
        return unit.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().flatMap(line -> {
            List<String> words = words(line.substring("ExecStart=".length()));
            int at = words.indexOf("--data-dir");
            return at >= 0 && at + 1 < words.size() ? Optional.of(words.get(at + 1)) : Optional.empty();
        });
    }

    /** Split a command line as systemd does for the quoting {@link #quote} writes. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any || word.length() > 0) {
                    words.add(unescape(word.toString()));
                    word.setLength(0);
                    any = false;
                }
            } else {
                word.append(c);
            }
        }
        if (any || word.length() > 0) {
            words.add(unescape(word.toString()));
        }
        return words;
    }

    private static String unescape(String word) {
        return word.replace("%%", "%").replace("$$", "$");
    }

    /** Quote one word of a command line for a unit file: specifiers ({@code %}) and variables ({@code $}) doubled. */
    static String quote(String word) {
        String escaped = word.replace("%", "%%").replace("$", "$$");
        boolean plain = !escaped.isEmpty()
                && escaped.chars()
                        .noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\\' || c == '\'' || c == ';');
        return plain ? escaped : "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String command(String launcher, String dataDir, String... args) {
        List<String> words = new ArrayList<>(List.of(launcher, "--data-dir", dataDir));
        words.addAll(List.of(args));
        return String.join(" ", words.stream().map(SystemdServiceManager::quote).toList());
    }

    @Override
    public String render(UnitSpec spec) {
        StringBuilder unit = new StringBuilder();
        unit.append("# Written by `waiaas service install`; remove it with `waiaas service uninstall")
                .append(spec.user() ? " --user" : "")
                .append("`.\n");
        unit.append("[Unit]\n");
        unit.append("Description=waiaas daemon (data dir ")
                .append(spec.dataDir().replace("%", "%%"))
                .append(")\n");
        if (!spec.user()) {
            // The user manager has no network-online.target.
            unit.append("Wants=network-online.target\nAfter=network-online.target\n");
        }
        unit.append("\n[Service]\n");
        // Type=simple plus a readiness wait: sd_notify needs a unix datagram socket, which the JDK cannot open.
        unit.append("Type=simple\n");
        unit.append("ExecStart=")
                .append(command(spec.launcher(), spec.dataDir(), "start"))
                .append('\n');
        unit.append("ExecStartPost=")
                .append(command(
                        spec.launcher(),
                        spec.dataDir(),
                        "status",
                        "--wait-ready",
                        Integer.toString(spec.readySeconds())))
                .append('\n');
        unit.append("Restart=on-failure\n");
        // Exit 5 is a refusal (a database too new or too old): starting again cannot help.
        unit.append("RestartPreventExitStatus=5\n");
        // The JVM ends with 128 + SIGTERM after a graceful stop by signal (waiaas stop): that is no failure.
        unit.append("SuccessExitStatus=143\n");
        unit.append("RestartSec=5\n");
        unit.append("TimeoutStartSec=").append(spec.readySeconds() + 30).append('\n');
        unit.append("TimeoutStopSec=").append(STOP_SECONDS).append('\n');
        // A stop ends the daemon alone: an unattended upgrade it started stops and starts the unit itself.
        unit.append("KillMode=process\n");
        unit.append("Environment=").append(Layout.Env.NO_UPDATE_NOTIFY).append("=1\n");
        // As a detached daemon's: its records go to logs/daemon.log alone, which it writes and rotates itself; what is
        // no log record (a start-up failure's line, the JVM's last words) is appended to logs/daemon.out, where an
        // upgrade reads why a start failed, and which a start moves aside once past 1 MiB.
        unit.append("Environment=").append(Layout.Env.DETACHED).append("=1\n");
        String out = Layout.daemonOut(Path.of(spec.dataDir())).toString().replace("%", "%%");
        unit.append("StandardOutput=append:").append(out).append('\n');
        unit.append("StandardError=inherit\n");
        spec.account().ifPresent(account -> unit.append("User=").append(account).append('\n'));
        unit.append("\n[Install]\n");
        unit.append("WantedBy=")
                .append(spec.user() ? USER_TARGET : SYSTEM_TARGET)
                .append('\n');
        return unit.toString();
    }

    @Override
    public String install(UnitSpec spec) {
        Path file = unitFile(spec.user());
        Systemctl systemctl = new Systemctl(env, spec.user());
        if (systemctl.executable().isEmpty()) {
            throw ApplicationException.failed("systemctl is not on PATH: this host does not run systemd;"
                    + " start the daemon with waiaas start -d instead");
        }
        try {
            Files.createDirectories(file.getParent());
            // The log the unit appends to: created now, owner-only, as a detached daemon's is.
            Path log = Layout.daemonLog(Path.of(spec.dataDir()));
            PrivateFiles.ensureDirectory(log.getParent());
            PrivateFiles.ensureFile(log);
            Path tmp = file.resolveSibling("." + Systemctl.UNIT + ".tmp");
            Files.writeString(tmp, render(spec));
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot write the unit: " + IoErrors.describe(e, file)
                    + (spec.user() ? "" : "; a system unit needs root: run it with sudo, or use --user"));
        }
        systemctl.require("daemon-reload");
        systemctl.require("enable", Systemctl.UNIT);
        return file.toString();
    }

    @Override
    public Optional<String> uninstall(boolean user) {
        Path file = unitFile(user);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Systemctl systemctl = new Systemctl(env, user);
        systemctl.require("disable", "--now", Systemctl.UNIT);
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot remove the unit: " + IoErrors.describe(e, file));
        }
        systemctl.require("daemon-reload");
        return Optional.of(file.toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw ApplicationException.failed("cannot read " + file + ": " + IoErrors.describe(e, file));
        }
    }
}
