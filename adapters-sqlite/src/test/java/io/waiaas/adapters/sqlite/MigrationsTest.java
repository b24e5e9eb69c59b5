package io.waiaas.adapters.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waiaas.domain.SchemaVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    private static final Path FOLDER = Path.of("src/main/resources").resolve(Migrations.FOLDER);
    private static final Path DOWN_FOLDER = Path.of("src/main/resources").resolve(Migrations.DOWN_FOLDER);

    /** The build check of UPGR-B9: a migration has a down script or is declared irreversible, never both or neither. */
    @Test
    void everyMigrationIsEitherReversibleOrDeclaredIrreversible() throws IOException {
        for (String file : Migrations.FILES) {
            boolean down = Files.isRegularFile(DOWN_FOLDER.resolve(Migrations.downNameOf(file)));
            boolean declared = Migrations.IRREVERSIBLE.contains(Migrations.versionOf(file));
            assertTrue(
                    down ^ declared,
                    file + " needs exactly one of: a down script " + Migrations.DOWN_FOLDER
                            + Migrations.downNameOf(file) + ", or its version on the irreversible= line of "
                            + Migrations.FOLDER + Migrations.INDEX);
            assertEquals(down, Migrations.readDown(file).isPresent(), "read through the module: " + file);
        }
        try (Stream<Path> scripts = Files.list(DOWN_FOLDER)) {
            List<String> expected =
                    Migrations.FILES.stream().map(Migrations::downNameOf).toList();
            scripts.map(p -> p.getFileName().toString())
                    .forEach(name -> assertTrue(expected.contains(name), "a down script of no migration: " + name));
        }
        assertEquals(
                Migrations.FILES.size() - Migrations.IRREVERSIBLE.size(),
                Migrations.downScripts().scripts().size());
    }

    @Test
    void readsTheIrreversibleMigrationsFromTheIndexAndRefusesOnesItDoesNotList() {
        Migrations.Index index =
                Migrations.Index.parse("min-compatible=1\nirreversible=1, 3\nV1__a.sql\nV2__b.sql\nV3__c.sql\n");
        assertEquals(java.util.Set.of(1, 3), index.irreversible());
        assertThrows(
                IllegalStateException.class,
                () -> Migrations.Index.parse("min-compatible=1\nirreversible=4\nV1__a.sql\n"));
    }

    @Test
    void listsExactlyTheMigrationFilesInTheResourceFolder() throws IOException {
        try (Stream<Path> files = Files.list(FOLDER)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(Migrations.INDEX))
                    .sorted()
                    .toList();
            assertEquals(onDisk, Migrations.FILES.stream().sorted().toList());
        }
    }

    @Test
    void readsTheOldestCompatibleSchemaFromTheIndex() {
        Migrations.Index index = Migrations.Index.parse("# comment\n\nmin-compatible=2\nV1__a.sql\nV2__b.sql\n");
        assertEquals(List.of("V1__a.sql", "V2__b.sql"), index.files());
        assertEquals(SchemaVersion.of(2), index.minCompatible());
    }

    @Test
    void refusesAnIndexWithoutExactlyOneMinimumOrWithAStrayLine() {
        assertThrows(IllegalStateException.class, () -> Migrations.Index.parse("V1__a.sql\n"));
        assertThrows(
                IllegalStateException.class,
                () -> Migrations.Index.parse("min-compatible=1\nmin-compatible=1\nV1__a.sql\n"));
        assertThrows(IllegalStateException.class, () -> Migrations.Index.parse("min-compatible=1\n"));
        assertThrows(
                IllegalArgumentException.class,
                () -> Migrations.Index.parse("min-compatible=1\nV1__a.sql\nrm -rf /\n"));
    }

    @Test
    void shipsEveryVersionFromTheOldestCompatibleToTheLatestOnce() {
        List<Integer> shipped =
                Migrations.FILES.stream().map(Migrations::versionOf).sorted().toList();
        List<Integer> expected =
                IntStream.rangeClosed(1, Migrations.LATEST.value()).boxed().toList();
        assertEquals(expected, shipped);
        assertTrue(Migrations.MIN_COMPATIBLE.value() >= 1);
        assertFalse(Migrations.LATEST.isBefore(Migrations.MIN_COMPATIBLE));
    }

    @Test
    void listsTheMigrationsOldestFirst() {
        List<Integer> listed =
                Migrations.FILES.stream().map(Migrations::versionOf).toList();
        assertEquals(listed.stream().sorted().toList(), listed);
    }

    @Test
    void readsEveryListedMigrationThroughTheModule() {
        for (String file : Migrations.FILES) {
            assertFalse(Migrations.read(file).isBlank(), file);
        }
    }

    @Test
    void handsFlywayTheVersionedSqlMigrationsOnly() {
        Migrations provider = new Migrations();
        assertEquals(
                Migrations.FILES.size(),
                provider.getResources("V", new String[] {".sql"}).size());
        assertEquals(0, provider.getResources("R", new String[] {".sql"}).size());
        assertEquals(
                "V1__key_value_store.sql",
                provider.getResource("V1__key_value_store.sql").getFilename());
    }
}
