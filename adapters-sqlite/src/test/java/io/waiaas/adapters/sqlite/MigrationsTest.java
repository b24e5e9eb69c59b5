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
