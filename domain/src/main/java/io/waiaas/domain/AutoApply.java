package io.waiaas.domain;

import java.util.Optional;

/** Which updates the daemon may apply by itself inside a maintenance window ({@code [update] auto_apply}). */
public enum AutoApply {
    /** None: an operator upgrades. */
    OFF,
    /** Patch releases of the installed minor version. */
    PATCH,
    /** Patch and minor releases of the installed major version. */
    MINOR,
    /** Every newer release, breaking ones included. */
    MAJOR;

    /** Tell whether an update from {@code installed} to {@code target} is of a kind this setting applies. */
    public boolean allows(Version installed, Version target) {
        if (target.compareTo(installed) <= 0) {
            return false;
        }
        return switch (this) {
            case OFF -> false;
            case PATCH -> target.major() == installed.major() && target.minor() == installed.minor();
            case MINOR -> target.major() == installed.major();
            case MAJOR -> true;
        };
    }

    /** Return the stable code, lower case, such as {@code patch}. */
    public String code() {
        return Codes.of(this);
    }

    /** Return the setting whose {@link #code()} is {@code code}, or empty. */
    public static Optional<AutoApply> fromCode(String code) {
        return Codes.parse(AutoApply.class, code);
    }
}
