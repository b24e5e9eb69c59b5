package io.waiaas.application.testkit;

import io.waiaas.application.port.out.CommandResult;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.VersionRunner;
import io.waiaas.domain.Version;
import java.util.Optional;

class FakeVersionRunnerTest implements VersionRunnerContract {
    private final FakeVersionRunner runner = new FakeVersionRunner("/var/lib/waiaas", new FakeDaemonControl());
    private int installed;

    private InstalledVersion install(FakeVersionRunner.Command command) {
        InstalledVersion version = version(++installed);
        runner.install(version.launcher(), command);
        return version;
    }

    private static InstalledVersion version(int minor) {
        String home = "/opt/waiaas/versions/1." + minor + ".0";
        return new InstalledVersion(Version.of(1, minor, 0), home, home + "/bin/waiaas");
    }

    @Override
    public VersionRunner runner() {
        return runner;
    }

    @Override
    public String dataDir() {
        return "/var/lib/waiaas";
    }

    @Override
    public InstalledVersion printing(String stdout, String stderr, int exit) {
        return install((version, arguments) -> Optional.of(new CommandResult(exit, stdout, stderr)));
    }

    @Override
    public InstalledVersion echoingItsArguments() {
        return install((version, arguments) -> Optional.of(
                new CommandResult(0, arguments.stream().map(a -> a + "\n").reduce("", String::concat), "")));
    }

    @Override
    public InstalledVersion neverEnding() {
        return install((version, arguments) -> Optional.empty());
    }

    @Override
    public InstalledVersion missing() {
        return version(99);
    }

    @Override
    public boolean anyStillRunning() {
        return false;
    }
}
