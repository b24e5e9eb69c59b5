package io.waiaas.domain;

import java.util.Locale;
import java.util.Optional;

/** The stable codes of the domain's enums: the constant's name, lower case, with hyphens ({@code disk-space}). */
final class Codes {
    private Codes() {}

    /** Return the code of {@code constant}. */
    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Return the constant of {@code type} whose code is {@code code}, or empty. */
    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String code) {
        for (E constant : type.getEnumConstants()) {
            if (of(constant).equals(code)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
