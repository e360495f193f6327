package io.sweep4j.data;

/** A dataset file exists but is not what it must be: wrong magic, wrong size, truncated, inconsistent. */
public final class DatasetFormatException extends IllegalArgumentException {

    private final String source;
    private final String expected;
    private final String found;
    private final String fix;

    public DatasetFormatException(String source, String expected, String found, String fix) {
        this(source, expected, found, fix, null);
    }

    public DatasetFormatException(String source, String expected, String found, String fix, Throwable cause) {
        super(source + ": expected " + expected + ", found " + found + ". Fix: " + fix, cause);
        this.source = source;
        this.expected = expected;
        this.found = found;
        this.fix = fix;
    }

    /** The file (or resource, or URL) that was being read. */
    public String source() {
        return source;
    }

    public String expected() {
        return expected;
    }

    public String found() {
        return found;
    }

    public String fix() {
        return fix;
    }
}
