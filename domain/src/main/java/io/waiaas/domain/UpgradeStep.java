package io.waiaas.domain;

/** Name the seven announced steps of {@code waiaas upgrade}, in order (UPGR-02). */
public enum UpgradeStep {
    /** Resolve the target and run the preflight checks. */
    CHECK("check"),
    /** Stop the daemon and wait until it has exited. */
    STOP("stop"),
    /** Back up the database and config. */
    BACKUP("backup"),
    /** Fetch, verify and install the target side by side. */
    INSTALL("install"),
    /** Run the new version's migrations. */
    MIGRATE("migrate"),
    /** Check the new version and the schema, then switch {@code current}. */
    VERIFY("verify"),
    /** Start the daemon again and wait for the new version to answer. */
    RESTART("restart");

    /** How many steps an upgrade announces. */
    public static final int COUNT = values().length;

    private final String label;

    UpgradeStep(String label) {
        this.label = label;
    }

    /** Return the step's position, 1 to 7. */
    public int number() {
        return ordinal() + 1;
    }

    /** Return the step's lower-case name as the operator sees it. */
    public String label() {
        return label;
    }

    /** Tell whether a failure in this step is rolled back automatically (steps 4 to 7, UPGR-B3). */
    public boolean rollsBackOnFailure() {
        return compareTo(INSTALL) >= 0;
    }
}
