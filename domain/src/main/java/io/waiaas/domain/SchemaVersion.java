package io.waiaas.domain;

/** Identify a database schema: the highest applied migration version (1, 2, ...). */
public record SchemaVersion(int value) implements Comparable<SchemaVersion> {

    public SchemaVersion {
        if (value < 1) {
            throw DomainException.invalid("schema version must be 1 or greater, was " + value);
        }
    }

    /** Create the schema version {@code value}. */
    public static SchemaVersion of(int value) {
        return new SchemaVersion(value);
    }

    @Override
    public int compareTo(SchemaVersion other) {
        return Integer.compare(value, other.value);
    }

    /** Tell whether this schema is older than {@code other}. */
    public boolean isBefore(SchemaVersion other) {
        return value < other.value;
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
