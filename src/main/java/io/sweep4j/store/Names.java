package io.sweep4j.store;

import io.sweep4j.space.UsageException;

/** The names Optuna's schema can hold: VARCHAR(512), valid Unicode, no NUL. */
public final class Names {
    /** Optuna's schema declares names and keys VARCHAR(512); SQLite would store longer ones, Optuna's MySQL not. */
    public static final int MAX_LENGTH = 512;

    private Names() {
    }

    /**
     * Rejects a name Optuna's schema or the database's text encoding cannot hold as given: longer than
     * {@value #MAX_LENGTH} characters, or holding a NUL or an unpaired UTF-16 surrogate (stored as UTF-8, those come
     * back as a different string, so a resume would not find the study). Quotes, semicolons, SQL and any other
     * Unicode are fine: every statement binds names as parameters.
     */
    public static void check(String field, String name) {
        if (name == null || name.isEmpty()) {
            throw new UsageException(field, name, "give a non-empty name");
        }
        if (name.length() > MAX_LENGTH) {
            throw new UsageException(field, name, "it has " + name.length() + " characters; Optuna's schema allows "
                    + MAX_LENGTH + " (VARCHAR(" + MAX_LENGTH + ")); use a shorter name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\0') {
                throw new UsageException(field, name, "it contains a NUL character (at index " + i + "), which SQLite"
                        + " text cannot round-trip; remove it");
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new UsageException(field, name, "it contains an unpaired UTF-16 surrogate (at index " + i
                        + "), which is not valid Unicode and cannot be stored as UTF-8; fix the string");
            }
        }
    }
}
