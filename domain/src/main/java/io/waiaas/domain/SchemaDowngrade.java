package io.waiaas.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What migrating a database down from schema {@code from} to schema {@code to} does: whether every migration in
 * between can be undone, and what the older schema cannot hold (UPGR-B9).
 *
 * @param from the schema the database is at
 * @param to the schema it goes down to
 * @param blocker why it cannot go down, when some migration in between is irreversible or unknown to the build
 *     asked; empty when it can
 * @param dropped what schema {@code to} has no room for: kept only in the backup taken before
 */
public record SchemaDowngrade(SchemaVersion from, SchemaVersion to, Optional<String> blocker, List<Dropped> dropped) {

    public SchemaDowngrade {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(blocker, "blocker");
        dropped = List.copyOf(dropped);
        if (from.isBefore(to)) {
            throw DomainException.invalid("cannot migrate down from schema " + from + " to the newer schema " + to);
        }
    }

    /** Return a downgrade that can be carried out, dropping {@code dropped}. */
    public static SchemaDowngrade possible(SchemaVersion from, SchemaVersion to, List<Dropped> dropped) {
        return new SchemaDowngrade(from, to, Optional.empty(), dropped);
    }

    /** Return a downgrade refused because of {@code blocker}. */
    public static SchemaDowngrade blocked(SchemaVersion from, SchemaVersion to, String blocker) {
        return new SchemaDowngrade(from, to, Optional.of(blocker), List.of());
    }

    /** Tell whether every migration between the two schemas can be undone. */
    public boolean isPossible() {
        return blocker.isEmpty();
    }

    /** Tell whether any migration must be undone at all (the database is above {@code to}). */
    public boolean changesSchema() {
        return to.isBefore(from);
    }

    /** Tell whether every row and value survives: the older schema holds all of it. */
    public boolean keepsEverything() {
        return dropped.stream().allMatch(d -> d.rows() == 0);
    }

    /**
     * A table or column that exists at {@code from} but not at {@code to}.
     *
     * @param table the table
     * @param column the column, or empty when the whole table goes
     * @param rows the rows of the table, or the rows whose value in the column is not null
     */
    public record Dropped(String table, Optional<String> column, long rows) {
        public Dropped {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(column, "column");
            if (rows < 0) {
                throw DomainException.invalid("a row count cannot be negative: " + rows);
            }
        }

        /** Describe it in one phrase, such as {@code table upgrade_probe (3 rows)}. */
        public String describe() {
            String what = column.map(c -> "column " + table + "." + c).orElse("table " + table);
            String unit = column.isPresent() ? (rows == 1 ? "value" : "values") : (rows == 1 ? "row" : "rows");
            return what + " (" + rows + " " + unit + ")";
        }
    }
}
