package io.waiaas.application.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.application.port.out.InstalledVersion;
import io.waiaas.application.port.out.PackageInstaller;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.application.port.out.PackageSignature;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.ErrorCode;
import io.waiaas.domain.ReleaseOrigin;
import io.waiaas.domain.Verification;
import io.waiaas.domain.Version;
import io.waiaas.domain.WaiaasException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The behaviour every side-by-side {@link PackageInstaller} must show, whatever registry and disk it uses. */
public interface PackageInstallerContract {

    /** The package the contract installs. */
    String CLI = "@waiaas/cli";

    /** The version of the running image, which lives outside the install root until adopted. */
    Version RUNNING = Version.parse("0.9.0");

    /** What a contract test works with: the registry's view of the releases, and the installer under test. */
    interface Subject {
        /** Return a source reading the same registry the installer downloads from. */
        VersionSource source();

        /** Return the installer under test. */
        PackageInstaller installer();
    }

    /**
     * Create an installer into an empty install root that downloads from a registry serving {@code published}
     * (later changes to {@code published} must show), and whose running image, outside the root, is {@link #RUNNING}.
     */
    Subject newSubject(PublishedPackages published);

    /** Return a registry publishing real tarballs of {@code versions} of {@link #CLI}. */
    static PublishedPackages releases(String... versions) {
        PublishedPackages published = new PublishedPackages();
        for (String v : versions) {
            published.tarball(CLI, v, TarballBuilder.npmPackage(CLI, v).build());
        }
        return published.tag(CLI, "latest", versions[versions.length - 1]);
    }

    private static PackageRelease release(Subject subject, String version) {
        return subject.source().release(CLI, Version.parse(version));
    }

    private static List<Version> versions(PackageInstaller installer) {
        return installer.installed().stream().map(InstalledVersion::version).toList();
    }

    private static Optional<Version> current(PackageInstaller installer) {
        return installer.current().map(InstalledVersion::version);
    }

    private static List<Version> list(String... versions) {
        return Arrays.stream(versions).map(Version::parse).toList();
    }

    /** Assert that {@code call} is refused (exit 5) with one line mentioning {@code mentions}, changing nothing. */
    private static void assertRefusedChangingNothing(PackageInstaller installer, Executable call, String... mentions) {
        List<InstalledVersion> before = installer.installed();
        Optional<InstalledVersion> current = installer.current();
        WaiaasException e = assertThrows(WaiaasException.class, call);
        ReliabilityLedger.hostileInputOfCallingTest(String.join(", ", mentions));
        assertEquals(ErrorCode.REFUSED, e.code(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + e.getMessage() + "' should mention '" + m + "'");
        }
        assertEquals(before, installer.installed());
        assertEquals(current, installer.current());
    }

    @Test
    default void startsWithNothingInstalledSideBySide() {
        PackageInstaller installer = newSubject(releases("1.0.0")).installer();
        assertEquals(Optional.empty(), installer.current());
        assertEquals(List.of(), installer.installed());
    }

    @Test
    default void adoptsTheRunningImageAsTheFirstCurrentVersion() {
        PackageInstaller installer = newSubject(releases("1.0.0")).installer();
        InstalledVersion adopted = installer.adopt(RUNNING);
        assertEquals(RUNNING, adopted.version());
        assertEquals(Optional.of(adopted), installer.current());
        assertEquals(List.of(RUNNING), versions(installer));

        assertEquals(adopted, installer.adopt(Version.parse("0.9.1")), "adopting again changes nothing");
        assertEquals(List.of(RUNNING), versions(installer));
    }

    @Test
    default void installsAVersionBesideTheCurrentOneWithoutMakingItCurrent() {
        Subject subject = newSubject(releases("1.0.0"));
        PackageInstaller installer = subject.installer();
        installer.adopt(RUNNING);

        InstalledVersion installed = installer.install(release(subject, "1.0.0"), (received, total) -> {});

        assertEquals(Version.parse("1.0.0"), installed.version());
        assertTrue(installed.launcher().startsWith(installed.home()), installed.toString());
        assertTrue(installed.launcher().endsWith("/bin/waiaas"), installed.launcher());
        assertNotEquals(installer.current().orElseThrow().home(), installed.home());
        assertEquals(Optional.of(RUNNING), current(installer));
        assertEquals(list("0.9.0", "1.0.0"), versions(installer));
    }

    @Test
    default void activatesAnInstalledVersionAndKeepsThePreviousOne() {
        Subject subject = newSubject(releases("1.0.0", "1.1.0"));
        PackageInstaller installer = subject.installer();
        installer.install(release(subject, "1.0.0"), (r, t) -> {});
        installer.activate(Version.parse("1.0.0"));
        InstalledVersion next = installer.install(release(subject, "1.1.0"), (r, t) -> {});

        installer.activate(Version.parse("1.1.0"));

        assertEquals(Optional.of(next), installer.current());
        assertEquals(list("1.0.0", "1.1.0"), versions(installer));
        installer.activate(Version.parse("1.0.0"));
        assertEquals(Optional.of(Version.parse("1.0.0")), current(installer), "going back is a pointer flip");
    }

    @Test
    default void refusesToActivateAVersionThatIsNotInstalled() {
        PackageInstaller installer = newSubject(releases("1.0.0")).installer();
        WaiaasException e = assertThrows(WaiaasException.class, () -> installer.activate(Version.parse("1.0.0")));
        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().contains("1.0.0"), e.getMessage());
        assertEquals(Optional.empty(), installer.current());
    }

    @Test
    default void restoresThePreviousVersionByMakingItCurrentAgain() {
        Subject subject = newSubject(releases("1.0.0", "1.1.0"));
        PackageInstaller installer = subject.installer();
        installer.install(release(subject, "1.0.0"), (r, t) -> {});
        installer.activate(Version.parse("1.0.0"));
        installer.install(release(subject, "1.1.0"), (r, t) -> {});
        installer.activate(Version.parse("1.1.0"));

        assertTrue(installer.canRestore(Version.parse("1.0.0")));
        installer.restore(Version.parse("1.0.0"));

        assertEquals(Optional.of(Version.parse("1.0.0")), current(installer));
        assertEquals(list("1.0.0", "1.1.0"), versions(installer), "the version left stays installed");
        installer.restore(Version.parse("1.0.0"));
        assertEquals(Optional.of(Version.parse("1.0.0")), current(installer), "restoring the current one is a no-op");
    }

    @Test
    default void holdsAnInstalledVersionOrTheImageToAdoptWithoutTheNetwork() {
        PublishedPackages published = releases("1.0.0", "1.1.0");
        Subject subject = newSubject(published);
        PackageInstaller installer = subject.installer();
        assertEquals(Optional.empty(), installer.holdForRestore(RUNNING), "the running image, adopted first");
        installer.install(release(subject, "1.0.0"), (r, t) -> {});
        installer.activate(Version.parse("1.0.0"));
        installer.install(release(subject, "1.1.0"), (r, t) -> {});
        installer.activate(Version.parse("1.1.0"));

        assertEquals(Optional.empty(), installer.holdForRestore(Version.parse("1.0.0")), "installed: nothing needed");
        installer.restore(Version.parse("1.0.0"));
        assertEquals(Optional.of(Version.parse("1.0.0")), current(installer));
        Optional<String> gone = installer.holdForRestore(Version.parse("0.1.0"));
        assertTrue(gone.orElseThrow().contains("0.1.0"), gone.toString());
        assertEquals(Optional.of(Version.parse("1.0.0")), current(installer), "holding changes nothing");
    }

    @Test
    default void cannotRestoreAVersionThatIsNoLongerInstalled() {
        Subject subject = newSubject(releases("1.0.0", "1.1.0"));
        PackageInstaller installer = subject.installer();
        installer.install(release(subject, "1.1.0"), (r, t) -> {});
        installer.activate(Version.parse("1.1.0"));

        assertFalse(installer.canRestore(Version.parse("1.0.0")));
        WaiaasException e = assertThrows(WaiaasException.class, () -> installer.restore(Version.parse("1.0.0")));

        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().contains("1.0.0"), e.getMessage());
        assertEquals(Optional.of(Version.parse("1.1.0")), current(installer));
    }

    @Test
    default void spellsOutHowToMakeAnInstalledVersionCurrentByHand() {
        Subject subject = newSubject(releases("1.0.0"));
        PackageInstaller installer = subject.installer();
        installer.install(release(subject, "1.0.0"), (r, t) -> {});

        List<String> steps = installer.manualSteps(Version.parse("1.0.0"));

        assertFalse(steps.isEmpty());
        assertTrue(steps.stream().allMatch(step -> step.contains("1.0.0") && !step.contains("\n")), steps::toString);
    }

    @Test
    default void keepsTheCurrentAndTheTwoHighestVersionsBelowItWhenPruning() {
        Subject subject = newSubject(releases("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"));
        PackageInstaller installer = subject.installer();
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0")) {
            installer.install(release(subject, v), (r, t) -> {});
        }
        installer.activate(Version.parse("1.3.0"));

        assertEquals(list("1.4.0", "1.0.0"), installer.prune(2));

        assertEquals(list("1.1.0", "1.2.0", "1.3.0"), versions(installer));
        assertEquals(Optional.of(Version.parse("1.3.0")), current(installer));
        assertEquals(List.of(), installer.prune(2), "nothing more to prune");
        assertThrows(IllegalArgumentException.class, () -> installer.prune(-1));
    }

    @Test
    default void reinstallsAVersionThatIsInstalledButNotCurrent() {
        Subject subject = newSubject(releases("1.0.0", "1.1.0"));
        PackageInstaller installer = subject.installer();
        installer.install(release(subject, "1.0.0"), (r, t) -> {});
        installer.activate(Version.parse("1.0.0"));
        InstalledVersion first = installer.install(release(subject, "1.1.0"), (r, t) -> {});

        InstalledVersion again = installer.install(release(subject, "1.1.0"), (r, t) -> {});

        assertEquals(first, again);
        assertEquals(list("1.0.0", "1.1.0"), versions(installer));
        assertEquals(Optional.of(Version.parse("1.0.0")), current(installer));
    }

    @Test
    default void refusesToReinstallTheCurrentVersion() {
        Subject subject = newSubject(releases("1.0.0"));
        PackageInstaller installer = subject.installer();
        installer.install(release(subject, "1.0.0"), (r, t) -> {});
        installer.activate(Version.parse("1.0.0"));

        WaiaasException e =
                assertThrows(WaiaasException.class, () -> installer.install(release(subject, "1.0.0"), (r, t) -> {}));

        assertEquals(ErrorCode.FAILED, e.code());
        assertTrue(e.getMessage().contains("current"), e.getMessage());
        assertEquals(Optional.of(Version.parse("1.0.0")), current(installer));
    }

    @Test
    default void reportsDownloadProgressUpToTheTarballsSize() {
        PublishedPackages published = releases("1.0.0");
        long size = published.find(CLI).orElseThrow().tarball("1.0.0").orElseThrow().length;
        Subject subject = newSubject(published);
        List<Long> received = new ArrayList<>();
        List<OptionalLong> totals = new ArrayList<>();

        subject.installer().install(release(subject, "1.0.0"), (r, t) -> {
            received.add(r);
            totals.add(t);
        });

        assertFalse(received.isEmpty());
        assertEquals(size, received.get(received.size() - 1));
        assertEquals(received.stream().sorted().toList(), received, "progress only grows");
        assertEquals(OptionalLong.of(size), totals.get(totals.size() - 1));
    }

    @Test
    default void refusesATarballWhoseBytesDoNotMatchItsIntegrity() {
        PublishedPackages published = releases("1.0.0", "1.1.0");
        Subject subject = newSubject(published);
        PackageInstaller installer = subject.installer();
        installer.install(release(subject, "1.0.0"), (r, t) -> {});
        installer.activate(Version.parse("1.0.0"));
        published.serveInstead(
                CLI, "1.1.0", TarballBuilder.npmPackage(CLI, "6.6.6").build());
        PackageRelease tampered = release(subject, "1.1.0");

        assertRefusedChangingNothing(installer, () -> installer.install(tampered, (r, t) -> {}), "integrity", "1.1.0");
    }

    @Test
    default void refusesAReleaseWithoutASha512Integrity() {
        Subject subject = newSubject(releases("1.0.0"));
        PackageRelease honest = release(subject, "1.0.0");
        PackageRelease sha1Only = new PackageRelease(
                honest.packageName(),
                honest.version(),
                honest.tarballUrl(),
                "sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
                honest.signatures(),
                honest.publishedAt(),
                honest.schema(),
                honest.notes());

        assertRefusedChangingNothing(
                subject.installer(), () -> subject.installer().install(sha1Only, (r, t) -> {}), "sha512");
    }

    @Test
    default void installsASignedReleaseWhenTheRegistryPublishesKeys() {
        RegistryKey key = RegistryKey.generate("SHA256:good");
        PublishedPackages published = releases("1.0.0").keys(key).sign(CLI, "1.0.0", key);
        Subject subject = newSubject(published);

        // What the registry says of provenance (TRST-B4) is the source's part: not compared here.
        assertEquals(
                new Verification.Signed(List.of("SHA256:good")),
                subject.installer().verify(release(subject, "1.0.0")).with(ReleaseOrigin.UNCHECKED));
        subject.installer().install(release(subject, "1.0.0"), (r, t) -> {});

        assertEquals(list("1.0.0"), versions(subject.installer()));
    }

    @Test
    default void saysWhenTheRegistryPublishesNoSigningKeys() {
        Subject subject = newSubject(releases("1.0.0"));

        assertEquals(
                new Verification.Unsigned(),
                subject.installer().verify(release(subject, "1.0.0")).with(ReleaseOrigin.UNCHECKED));
    }

    @Test
    default void refusesASignatureThatDoesNotVerify() {
        RegistryKey key = RegistryKey.generate("SHA256:good");
        PublishedPackages published = releases("1.0.0")
                .keys(key)
                .signature(CLI, "1.0.0", new PackageSignature(key.keyId(), key.sign(CLI + "@1.0.0:sha512-forged")));
        Subject subject = newSubject(published);

        assertRefusedChangingNothing(
                subject.installer(),
                () -> subject.installer().install(release(subject, "1.0.0"), (r, t) -> {}),
                "signature",
                "does not verify",
                "SHA256:good");
    }

    @Test
    default void refusesAnUnsignedReleaseWhenTheRegistryPublishesKeys() {
        PublishedPackages published = releases("1.0.0").keys(RegistryKey.generate("SHA256:good"));
        Subject subject = newSubject(published);

        assertRefusedChangingNothing(
                subject.installer(),
                () -> subject.installer().install(release(subject, "1.0.0"), (r, t) -> {}),
                "not signed");
    }

    @Test
    default void refusesASignatureByAKeyTheRegistryDoesNotPublish() {
        RegistryKey published = RegistryKey.generate("SHA256:published");
        RegistryKey stranger = RegistryKey.generate("SHA256:stranger");
        Subject subject = newSubject(releases("1.0.0").keys(published).sign(CLI, "1.0.0", stranger));

        assertRefusedChangingNothing(
                subject.installer(),
                () -> subject.installer().install(release(subject, "1.0.0"), (r, t) -> {}),
                "SHA256:stranger");
    }

    @Test
    default void refusesASignatureByAKeyThatExpiredBeforeThePublication() {
        Instant publishedAt = Instant.parse("2026-06-01T00:00:00Z");
        RegistryKey key = RegistryKey.generate("SHA256:old").expiringAt(publishedAt.minus(Duration.ofDays(1)));
        Subject subject = newSubject(releases("1.0.0")
                .publishedAt(CLI, "1.0.0", publishedAt)
                .keys(key)
                .sign(CLI, "1.0.0", key));

        assertRefusedChangingNothing(
                subject.installer(),
                () -> subject.installer().install(release(subject, "1.0.0"), (r, t) -> {}),
                "SHA256:old",
                "expired");
    }

    @Test
    default void acceptsAKeyThatExpiredAfterThePublication() {
        Instant publishedAt = Instant.parse("2026-06-01T00:00:00Z");
        RegistryKey key = RegistryKey.generate("SHA256:retired").expiringAt(publishedAt.plus(Duration.ofDays(1)));
        Subject subject = newSubject(releases("1.0.0")
                .publishedAt(CLI, "1.0.0", publishedAt)
                .keys(key)
                .sign(CLI, "1.0.0", key));

        subject.installer().install(release(subject, "1.0.0"), (r, t) -> {});

        assertEquals(list("1.0.0"), versions(subject.installer()));
    }

    @Test
    default void verifiesSignaturesWithoutInstallingAnything() {
        RegistryKey key = RegistryKey.generate("SHA256:good");
        PublishedPackages published = releases("1.0.0", "1.1.0")
                .keys(key)
                .sign(CLI, "1.0.0", key)
                .signature(CLI, "1.1.0", new PackageSignature(key.keyId(), key.sign("tampered")));
        Subject subject = newSubject(published);

        subject.installer().verify(release(subject, "1.0.0"));
        assertRefusedChangingNothing(
                subject.installer(), () -> subject.installer().verify(release(subject, "1.1.0")), "1.1.0");

        assertEquals(List.of(), subject.installer().installed());
    }
}
