package io.sweep4j.data;

/** A dataset could not be found locally nor fetched: missing files, offline mode, HTTP error, checksum mismatch. */
public final class DatasetUnavailableException extends RuntimeException {

    public DatasetUnavailableException(String message) {
        super(message);
    }

    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
