package io.waiaas.application.testkit;

import io.waiaas.application.ApplicationException;
import io.waiaas.application.port.out.VersionSource;
import io.waiaas.domain.Version;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/** Answer from {@link PublishedPackages} in memory; the verified fake of {@link VersionSource}. */
public final class InMemoryVersionSource implements VersionSource {
    private final PublishedPackages published;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();

    /** Create a source answering from {@code published}. */
    public InMemoryVersionSource(PublishedPackages published) {
        this.published = Objects.requireNonNull(published, "published");
    }

    /** Make every following call throw {@code failure} (as an unreachable registry would), until {@link #recover}. */
    public void failWith(RuntimeException failure) {
        this.failure.set(Objects.requireNonNull(failure, "failure"));
    }

    /** Answer normally again. */
    public void recover() {
        failure.set(null);
    }

    /** Return how many calls were made. */
    public int calls() {
        return calls.get();
    }

    @Override
    public Version distTag(String packageName, String tag) {
        PublishedPackages.Published pkg = lookUp(packageName);
        String text = Optional.ofNullable(pkg.distTags().get(tag)).orElseThrow(() -> ApplicationException.failed(
                "npm registry has no dist-tag '" + tag + "' for " + packageName));
        return Version.tryParse(text).orElseThrow(() -> ApplicationException.failed(
                "dist-tag '" + tag + "' of " + packageName + " is not a valid semantic version: '" + text + "'"));
    }

    @Override
    public List<Version> versions(String packageName) {
        return lookUp(packageName).versions().stream()
                .flatMap(v -> Version.tryParse(v).stream())
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .toList();
    }

    private PublishedPackages.Published lookUp(String packageName) {
        calls.incrementAndGet();
        RuntimeException f = failure.get();
        if (f != null) {
            throw f;
        }
        return published.find(packageName).orElseThrow(() -> ApplicationException.failed(
                "package " + packageName + " is not in the npm registry"));
    }
}
