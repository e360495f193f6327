package io.sweep4j.report;

import io.sweep4j.space.UsageException;
import io.sweep4j.store.file.OutputPath;
import io.sweep4j.store.file.OutputPath.Replace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Writing a report or an export to a file the user named, by {@link OutputPath}'s rule (never over a database; over
 * another file only if it is an earlier report or export, or with --force): each refusal says why, as a usage error.
 */
public final class OutputFile {
    private OutputFile() {
    }

    /** Writes {@code text} (UTF-8) to {@code target}, or explains why it cannot (exit 2, nothing written). */
    public static void write(String option, Path target, String text, Replace replace) {
        check(option, target, replace);
        try {
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (FileSystemException e) {
            String why = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
            throw new UsageException(option, target.toString(), "cannot write it (" + why + "); pick a writable path");
        } catch (IOException e) {
            throw new UsageException(option, target.toString(), "cannot write it (" + e.getMessage() + ")");
        }
    }

    /** The checks a user can act on, before anything is computed or written: {@link OutputPath}'s rule. */
    public static void check(String option, Path target, Replace replace) {
        OutputPath.check(option, target, replace);
    }

    /**
     * A report may replace an earlier report: an HTML file carrying {@link HtmlReport#GENERATOR}, or one written before
     * the marker, known by its title (reruns write to the same default file).
     */
    public static Replace report(boolean force) {
        return new Replace.EarlierOutput("report", head -> {
            String text = new String(head, StandardCharsets.UTF_8);
            return text.contains(HtmlReport.GENERATOR)
                    || text.startsWith("<!DOCTYPE html>") && text.contains(" — sweep4j report</title>");
        }, force);
    }

    /**
     * An export may replace an earlier export: a CSV whose first line is {@link Export#CSV_HEADER}, or JSON whose
     * first keys are {@code "study"} and {@code "direction"}, as {@link Export#json} writes them.
     */
    public static Replace export(boolean force) {
        return new Replace.EarlierOutput("export", head -> OutputPath.startsWith(head, Export.CSV_HEADER)
                || Export.looksLikeJsonExport(head), force);
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
}
