package io.sweep4j.report;

import io.sweep4j.space.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HexFormat;

/** Writing a report or an export to a file the user named: each way it can fail says why, as a usage error. */
public final class OutputFile {
    /** Most Linux file systems allow 255 bytes per name. */
    private static final int MAX_NAME_BYTES = 255;

    private OutputFile() {
    }

    /** Writes {@code text} (UTF-8) to {@code target}, or explains why it cannot (exit 2, nothing written). */
    public static void write(String option, Path target, String text) {
        check(option, target);
        try {
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (FileSystemException e) {
            String why = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
            throw new UsageException(option, target.toString(), "cannot write it (" + why + "); pick a writable path");
        } catch (IOException e) {
            throw new UsageException(option, target.toString(), "cannot write it (" + e.getMessage() + ")");
        }
    }

    /** The checks a user can act on, before anything is computed or written. */
    public static void check(String option, Path target) {
        Path name = target.getFileName();
        if (name == null) {
            throw new UsageException(option, target.toString(), "give a file name, e.g. report.html");
        }
        if (name.toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new UsageException(option, shorten(target.toString()), "the file name is longer than "
                    + MAX_NAME_BYTES + " bytes; give a shorter one");
        }
        if (Files.isDirectory(target)) {
            throw new UsageException(option, target.toString(), "this is a directory; give a file name inside it,"
                    + " e.g. " + target.resolve("report.html"));
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException(option, target.toString(), "the directory " + parent + " does not exist;"
                    + " create it first (mkdir -p " + parent + ")");
        }
        if (parent != null && !Files.isWritable(parent)) {
            throw new UsageException(option, target.toString(), "the directory " + parent + " is not writable");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new UsageException(option, target.toString(), "the file exists and is not writable");
        }
    }

    /**
     * A file name for a study: letters and digits of any script kept, other characters as "_", and, when anything
     * was replaced, a short hash of the full name so "a/b" and "a?b" do not land in the same file.
     */
    public static String nameFor(String study, String suffix) {
        String safe = study.replaceAll("[^\\p{L}\\p{N}._-]", "_");
        if (safe.startsWith(".")) {
            safe = "_" + safe;
        }
        boolean changed = !safe.equals(study);
        if (safe.getBytes(StandardCharsets.UTF_8).length > 120) {
            safe = safe.substring(0, Math.min(safe.length(), 40));
            changed = true;
        }
        if (changed) {
            safe += "-" + hash(study);
        }
        return safe + suffix;
    }

    /** A path text as a user typed it, checked for characters the platform refuses. */
    public static Path parse(String option, String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UsageException(option, text, "not a valid path: " + e.getReason());
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 40) + "..." + s.substring(s.length() - 15) : s;
    }
}
