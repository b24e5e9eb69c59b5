package io.waiaas.adapters.npm;

import io.waiaas.application.port.out.DownloadProgress;
import io.waiaas.application.port.out.PackageRelease;
import io.waiaas.domain.Verification;
import java.io.IOException;
import java.nio.file.Path;

/** Where a side-by-side install gets a release's tarball from, verified: a registry, or a file the operator gave. */
interface Tarballs {

    /** Check, without fetching the whole tarball where that can be avoided, that {@code release} may be trusted. */
    Verification verify(PackageRelease release);

    /** Put {@code release}'s tarball into the new file {@code tgz}, refusing bytes that do not match its integrity. */
    void download(PackageRelease release, Path tgz, DownloadProgress progress) throws IOException;
}
