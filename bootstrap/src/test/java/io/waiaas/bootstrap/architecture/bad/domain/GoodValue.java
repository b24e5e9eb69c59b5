package io.waiaas.bootstrap.architecture.bad.domain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** Fixture: a domain value using only the core JDK. */
public record GoodValue(String name, Duration age, BigInteger size) {
    private static final Pattern NAME = Pattern.compile("[a-z]+");

    public GoodValue {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(name);
        }
    }
}
