package io.waiaas.adapters.sqlite;

import io.waiaas.domain.SchemaVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * List the SQL migrations this build ships and hand them to Flyway.
 *
 * <p>Flyway's classpath scanner sees nothing inside a named module or a jlink image, so the files are listed in
 * {@code db/migration/index.txt} and read through this module; a test keeps the list equal to the resource folder.
 * The index is a resource rather than code so that the packaging can read the schema range for package.json,
 * and build the N+1 test package by adding one migration to the jar, without compiling anything.
 */
final class Migrations implements ResourceProvider {
    // Declared before the index is parsed, which needs it during class initialisation.
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]*)__[a-z0-9_]+\\.sql");

    /** The resource folder, inside this module, that holds the migrations. */
    static final String FOLDER = "db/migration/";

    /** The index of the migrations, inside {@link #FOLDER}. */
    static final String INDEX = "index.txt";

    /** The resource folder, inside this module, that holds the down script of each reversible migration. */
    static final String DOWN_FOLDER = "db/rollback/";

    private static final String MIN_COMPATIBLE_KEY = "min-compatible=";
    private static final String IRREVERSIBLE_KEY = "irreversible=";
    private static final Index LISTED = Index.parse(readResource(FOLDER + INDEX));

    /** Every migration file, oldest first. */
    static final List<String> FILES = LISTED.files();

    /** The oldest schema this build can migrate from (CMPT-03). */
    static final SchemaVersion MIN_COMPATIBLE = LISTED.minCompatible();

    /** The versions of the migrations declared irreversible: they have no down script (UPGR-B9). */
    static final Set<Integer> IRREVERSIBLE = LISTED.irreversible();

    /** The newest schema this build's migrations reach. */
    static final SchemaVersion LATEST = SchemaVersion.of(FILES.stream()
            .mapToInt(Migrations::versionOf)
            .max()
            .orElseThrow(() -> new IllegalStateException("no migrations listed")));

    /** Return the schema version a migration file name declares. */
    static int versionOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a migration file name: " + fileName);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Return the name of the down script of migration {@code fileName}: {@code V2__x.sql} is undone by {@code U2__x.sql}. */
    static String downNameOf(String fileName) {
        versionOf(fileName);
        return "U" + fileName.substring(1);
    }

    /** Return the text of the down script of migration {@code fileName}, if this build ships one. */
    static Optional<String> readDown(String fileName) {
        try (InputStream in = Migrations.class.getModule().getResourceAsStream(DOWN_FOLDER + downNameOf(fileName))) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Return the down scripts of this build's migrations, as the down runner takes them. */
    static DownScripts downScripts() {
        Map<Integer, String> scripts = new TreeMap<>();
        for (String file : FILES) {
            if (!IRREVERSIBLE.contains(versionOf(file))) {
                scripts.put(
                        versionOf(file),
                        readDown(file)
                                .orElseThrow(() -> new IllegalStateException("migration " + file
                                        + " has no down script " + DOWN_FOLDER + downNameOf(file) + " and is not"
                                        + " declared irreversible in " + FOLDER + INDEX)));
            }
        }
        return new DownScripts(LATEST, scripts);
    }

    /** Return the text of {@code fileName}, read through this module. */
    static String read(String fileName) {
        return readResource(FOLDER + fileName);
    }

    private static String readResource(String path) {
        try (InputStream in = Migrations.class.getModule().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + path + " is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parsed index: the files in order, the oldest compatible schema, and the irreversible migrations. */
    record Index(List<String> files, SchemaVersion minCompatible, Set<Integer> irreversible) {

        /**
         * Parse {@code text}: {@code #} comments and blank lines, one {@code min-compatible=N} line, any
         * {@code irreversible=N[,M...]} lines, and one migration file name per line, oldest first.
         */
        static Index parse(String text) {
            List<String> files = new ArrayList<>();
            List<SchemaVersion> minimum = new ArrayList<>();
            Set<Integer> irreversible = new TreeSet<>();
            for (String raw : text.split("\n", -1)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith(MIN_COMPATIBLE_KEY)) {
                    minimum.add(SchemaVersion.of(Integer.parseInt(line.substring(MIN_COMPATIBLE_KEY.length()))));
                } else if (line.startsWith(IRREVERSIBLE_KEY)) {
                    for (String version :
                            line.substring(IRREVERSIBLE_KEY.length()).split(",", -1)) {
                        irreversible.add(SchemaVersion.of(Integer.parseInt(version.strip()))
                                .value());
                    }
                } else {
                    versionOf(line);
                    files.add(line);
                }
            }
            if (minimum.size() != 1) {
                throw new IllegalStateException(FOLDER + INDEX + " must hold exactly one " + MIN_COMPATIBLE_KEY
                        + "N line, has " + minimum.size());
            }
            if (files.isEmpty()) {
                throw new IllegalStateException(FOLDER + INDEX + " lists no migrations");
            }
            Set<Integer> listed = files.stream().map(Migrations::versionOf).collect(Collectors.toSet());
            if (!listed.containsAll(irreversible)) {
                throw new IllegalStateException(
                        FOLDER + INDEX + " declares irreversible a migration it does not list: " + irreversible);
            }
            return new Index(List.copyOf(files), minimum.get(0), Set.copyOf(irreversible));
        }
    }

    @Override
    public LoadableResource getResource(String name) {
        return FILES.stream()
                .filter(file -> name.equals(file) || name.equals(FOLDER + file))
                .findFirst()
                .map(ModuleResource::new)
                .orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return FILES.stream()
                .filter(file ->
                        file.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(file::endsWith))
                .<LoadableResource>map(ModuleResource::new)
                .toList();
    }

    /** One migration file; its text is read only when Flyway asks for it. */
    private static final class ModuleResource extends LoadableResource {
        private final String fileName;

        ModuleResource(String fileName) {
            this.fileName = fileName;
        }

        @Override
        public Reader read() {
            return new StringReader(Migrations.read(fileName));
        }

        @Override
        public String getAbsolutePath() {
            return FOLDER + fileName;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return FOLDER + fileName;
        }

        @Override
        public String getFilename() {
            return fileName;
        }

        @Override
        public String getRelativePath() {
            return fileName;
        }
    }
}
