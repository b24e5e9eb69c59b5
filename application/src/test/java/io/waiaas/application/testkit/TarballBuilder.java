package io.waiaas.application.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Build small npm tarballs (gzip over ustar, entries under {@code package/}) for tests, honest or hostile: files
 * with modes, directories, symlinks, hard links, devices, FIFOs, long names (as pax headers) and runs of zeros.
 */
public final class TarballBuilder {
    private static final int BLOCK = 512;

    private record Entry(String path, char type, int mode, byte[] content, long zeros, String link) {
        long size() {
            return content.length + zeros;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    private TarballBuilder() {}

    /** Start an empty tarball. */
    public static TarballBuilder empty() {
        return new TarballBuilder();
    }

    /**
     * Start the tarball of a tiny waiaas release: {@code package/package.json} naming {@code name@version},
     * {@code package/bin/waiaas} (0755, prints the version), {@code package/bin/java} (0755) and
     * {@code package/app/waiaas.jar} (0644).
     */
    public static TarballBuilder npmPackage(String name, String version) {
        return empty().directory("package/")
                .file(
                        "package/package.json",
                        "{\"name\":\"" + name + "\",\"version\":\"" + version + "\","
                                + "\"bin\":{\"waiaas\":\"bin/waiaas\"},\"os\":[\"linux\"],\"cpu\":[\"x64\"]}\n",
                        0644)
                .directory("package/bin/")
                .file("package/bin/waiaas", "#!/bin/sh\necho " + version + "\n", 0755)
                .file("package/bin/java", "#!/bin/sh\nexit 0\n", 0755)
                .directory("package/app/")
                .file("package/app/waiaas.jar", "not really a jar of " + version + "\n", 0644);
    }

    /** Add a regular file with text {@code content} and {@code mode}. */
    public TarballBuilder file(String path, String content, int mode) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** Add a regular file with {@code content} and {@code mode}. */
    public TarballBuilder file(String path, byte[] content, int mode) {
        entries.add(new Entry(path, '0', mode, content.clone(), 0, ""));
        return this;
    }

    /** Add a regular file of {@code size} zero bytes (which gzip shrinks about a thousandfold). */
    public TarballBuilder zeros(String path, long size) {
        entries.add(new Entry(path, '0', 0644, new byte[0], size, ""));
        return this;
    }

    /** Add a directory. */
    public TarballBuilder directory(String path) {
        entries.add(new Entry(path, '5', 0755, new byte[0], 0, ""));
        return this;
    }

    /** Add a symlink at {@code path} pointing at {@code target}. */
    public TarballBuilder symlink(String path, String target) {
        entries.add(new Entry(path, '2', 0777, new byte[0], 0, target));
        return this;
    }

    /** Add a hard link at {@code path} to the archive member {@code target}. */
    public TarballBuilder hardlink(String path, String target) {
        entries.add(new Entry(path, '1', 0644, new byte[0], 0, target));
        return this;
    }

    /** Add a character device (type 3). */
    public TarballBuilder characterDevice(String path) {
        entries.add(new Entry(path, '3', 0644, new byte[0], 0, ""));
        return this;
    }

    /** Add a block device (type 4). */
    public TarballBuilder blockDevice(String path) {
        entries.add(new Entry(path, '4', 0644, new byte[0], 0, ""));
        return this;
    }

    /** Add a FIFO (type 6). */
    public TarballBuilder fifo(String path) {
        entries.add(new Entry(path, '6', 0644, new byte[0], 0, ""));
        return this;
    }

    /** Return the gzip-compressed tarball. */
    public byte[] build() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            writeTar(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Return the uncompressed tar stream. */
    public byte[] buildTar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTar(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void writeTar(OutputStream out) throws IOException {
        for (Entry e : entries) {
            byte[] name = e.path().getBytes(StandardCharsets.UTF_8);
            byte[] link = e.link().getBytes(StandardCharsets.UTF_8);
            if (name.length > 100 || link.length > 100) {
                // Long names travel in a pax extended header, as npm's own tar writes them.
                StringBuilder pax = new StringBuilder();
                if (name.length > 100) {
                    pax.append(paxRecord("path", e.path()));
                }
                if (link.length > 100) {
                    pax.append(paxRecord("linkpath", e.link()));
                }
                byte[] records = pax.toString().getBytes(StandardCharsets.UTF_8);
                out.write(header("PaxHeader/" + shorten(e.path()), 'x', 0644, records.length, ""));
                writePadded(out, records);
            }
            out.write(header(shorten(e.path()), e.type(), e.mode(), e.size(), shorten(e.link())));
            writePadded(out, e.content());
            long zeros = e.zeros();
            byte[] chunk = new byte[64 * 1024];
            while (zeros > 0) {
                int n = (int) Math.min(chunk.length, zeros);
                out.write(chunk, 0, n);
                zeros -= n;
            }
            long written = e.size();
            if (written % BLOCK != 0 && e.zeros() > 0) {
                out.write(new byte[(int) (BLOCK - written % BLOCK)]);
            }
        }
        out.write(new byte[2 * BLOCK]);
    }

    private static String shorten(String path) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 100 ? path : new String(Arrays.copyOf(bytes, 100), StandardCharsets.ISO_8859_1);
    }

    private static String paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int length = body.getBytes(StandardCharsets.UTF_8).length;
        int total = length + Integer.toString(length).length();
        if (Integer.toString(total).length() != Integer.toString(length).length()) {
            total++;
        }
        return total + body;
    }

    private static void writePadded(OutputStream out, byte[] content) throws IOException {
        out.write(content);
        if (content.length % BLOCK != 0) {
            out.write(new byte[BLOCK - content.length % BLOCK]);
        }
    }

    private static byte[] header(String name, char type, int mode, long size, String link) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name.getBytes(StandardCharsets.ISO_8859_1));
        put(h, 100, 8, octal(mode, 7));
        put(h, 108, 8, octal(0, 7));
        put(h, 116, 8, octal(0, 7));
        put(h, 124, 12, octal(size, 11));
        put(h, 136, 12, octal(499162500L, 11));
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 157, 100, link.getBytes(StandardCharsets.ISO_8859_1));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, (String.format(Locale.ROOT, "%06o", sum) + "\0 ").getBytes(StandardCharsets.US_ASCII));
        return h;
    }

    private static byte[] octal(long value, int digits) {
        return (String.format(Locale.ROOT, "%0" + digits + "o", value) + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(byte[] header, int offset, int length, byte[] value) {
        System.arraycopy(value, 0, header, offset, Math.min(length, value.length));
    }
}
