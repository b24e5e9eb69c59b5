package io.waiaas.application.upgrade;

/** Turn a failure into the one line an operator reads. */
final class Messages {
    private Messages() {}

    /** Return {@code e}'s message on one line, or its type's simple name when it has none. */
    static String of(Throwable e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().replaceAll("\\s+", " ");
    }
}
