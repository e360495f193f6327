package io.sweep4j.space;

/**
 * A mistake in what the user asked for (a definition, a flag, a file): names the field, the value and the fix.
 *
 * <p>The CLI maps it to exit code 2. It lives in the bottom layer so every layer can raise it.
 */
public class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public UsageException(String field, Object value, String fix) {
        super(field + " = " + render(value) + ": " + fix);
        this.field = field;
    }

    public UsageException(String message) {
        super(message);
        this.field = null;
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
        this.field = null;
    }

    /** The offending field or parameter, if one can be named. */
    public String field() {
        return field;
    }

    private static String render(Object value) {
        if (value == null) {
            return "(not given)";
        }
        if (value instanceof String s) {
            String shown = s.length() > 80 ? s.substring(0, 77) + "..." : s;
            return "\"" + shown + "\"";
        }
        return Readable.of(value);
    }
}
