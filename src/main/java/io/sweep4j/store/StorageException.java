package io.sweep4j.store;

/** The storage could not do what was asked, for a reason that is not the user's input (I/O, a damaged file). */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message + (cause == null ? "" : ": " + cause.getMessage()), cause);
    }
}
