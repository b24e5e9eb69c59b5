package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FakePackageInstallerTest implements PackageInstallerContract {

    @Override
    public Subject newSubject(PublishedPackages published) {
        InMemoryVersionSource source = new InMemoryVersionSource(published);
        FakePackageInstaller installer = new FakePackageInstaller(published);
        return new Subject() {
            @Override
            public VersionSource source() {
                return source;
            }

            @Override
            public PackageInstaller installer() {
                return installer;
            }
        };
    }

    @Test
    void logsWhatWasDoneForServiceTests() {
        PublishedPackages published = PackageInstallerContract.releases("1.0.0");
        FakePackageInstaller installer = new FakePackageInstaller(published);
        installer.install(
                new InMemoryVersionSource(published).release(CLI, Version.parse("1.0.0")), DownloadProgress.NONE);
        installer.activate(Version.parse("1.0.0"));
        installer.prune(2);
        assertEquals(List.of("install 1.0.0", "activate 1.0.0", "prune 2"), installer.log());
    }

    @Test
    void failsTheNextInstallWhenToldWithNothingInstalled() {
        PublishedPackages published = PackageInstallerContract.releases("1.0.0");
        FakePackageInstaller installer = new FakePackageInstaller(published);
        installer.failNextInstallWith(ApplicationException.failed("disk full"));
        PackageRelease release = new InMemoryVersionSource(published).release(CLI, Version.parse("1.0.0"));
        assertThrows(ApplicationException.class, () -> installer.install(release, DownloadProgress.NONE));
        assertEquals(List.of(), installer.installed());
        installer.install(release, DownloadProgress.NONE);
        assertEquals(1, installer.installed().size());
    }

    @Test
    void replacesTheOneVersionInPlaceAsAnNpmGlobalInstall() {
        PublishedPackages published = PackageInstallerContract.releases("1.0.0", "1.1.0");
        InMemoryVersionSource source = new InMemoryVersionSource(published);
        FakePackageInstaller installer = new FakePackageInstaller(published, FakePackageInstaller.Mode.NPM_GLOBAL);
        installer.install(source.release(CLI, Version.parse("1.0.0")), DownloadProgress.NONE);

        InstalledVersion next = installer.install(source.release(CLI, Version.parse("1.1.0")), DownloadProgress.NONE);

        assertEquals(Optional.of(next), installer.current());
        assertEquals(List.of(next), installer.installed());
        installer.activate(Version.parse("1.1.0"));
        assertEquals(List.of(), installer.prune(2));

        assertTrue(installer.canRestore(Version.parse("1.0.0")), "npm installs any published version again");
        installer.restore(Version.parse("1.0.0"));
        assertEquals(Version.parse("1.0.0"), installer.current().orElseThrow().version());
        assertEquals(1, installer.installed().size());
    }
}
