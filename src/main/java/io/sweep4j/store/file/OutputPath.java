package io.sweep4j.store.file;

import io.sweep4j.space.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether a command may write a file at a path the user named: the one rule of every command that writes a file
 * (report, export, backup). Never over a SQLite database (a study file, or the {@code -wal}, {@code -shm} or
 * {@code -journal} beside one), even when forced; over another existing file only if it is the command's own earlier
 * output, or when forced; and every other reason the write would fail is said before anything is computed.
 */
public final class OutputPath {
    /** Most Linux file systems allow 255 bytes per name. */
    private static final int MAX_NAME_BYTES = 255;
    /** How much of an existing file a command's marker may look at. */
    public static final int HEAD_BYTES = 8192;
    private static final List<String> SIDE_FILES = List.of("-wal", "-shm", "-journal");

    private OutputPath() {
    }

    /** Which existing file a command may replace. */
    public sealed interface Replace {
        /** What the command writes, as the user calls it ("report", "backup"). */
        String what();

        /** None: the output is always a new file. */
        record Nothing(String what) implements Replace {
        }

        /**
         * The command's own earlier output, recognised by {@code marker} from the file's first {@link #HEAD_BYTES}
         * bytes; with {@code force}, any file that is not a database.
         */
        record EarlierOutput(String what, Predicate<byte[]> marker, boolean force) implements Replace {
        }
    }

    /** Refuses (a usage error, nothing written) a {@code target} the command may not write; {@code option} names it. */
    public static void check(String option, Path target, Replace replace) {
        String shown = target.toString();
        Path name = target.getFileName();
        if (name == null) {
            throw new UsageException(option, shown, "give a file name, not a directory");
        }
        if (name.toString().getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new UsageException(option, shorten(shown), "the file name is longer than " + MAX_NAME_BYTES
                    + " bytes; give a shorter one");
        }
        if (Files.isDirectory(target)) {
            throw new UsageException(option, shown, "this is a directory; give a file name inside it");
        }
        if (isDatabase(target)) {
            String why = Files.exists(target) ? "the file exists and is a SQLite database (a study file?)"
                    : "it is part of a SQLite database (a -wal or -journal is at or beside that name)";
            throw new UsageException(option, shown, why + "; " + article(replace.what()) + " never overwrites a"
                    + (replace instanceof Replace.Nothing ? " file" : " database, not even with --force")
                    + "; give another file name (nothing was written)");
        }
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (replace instanceof Replace.Nothing) {
                throw new UsageException(option, shown, "it exists already; give a new file name ("
                        + article(replace.what()) + " never overwrites a file)");
            }
            Replace.EarlierOutput earlier = (Replace.EarlierOutput) replace;
            if (!earlier.force() && !earlier.marker().test(head(target))) {
                throw new UsageException(option, shown, "the file exists and is not an earlier sweep4j "
                        + replace.what() + "; give a new file name, or add --force to replace it (nothing was"
                        + " written)");
            }
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException(option, shown, "the directory " + parent + " does not exist;"
                    + " create it first (mkdir -p " + parent + ")");
        }
        if (parent != null && !Files.isWritable(parent)) {
            throw new UsageException(option, shown, "the directory " + parent + " is not writable");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            throw new UsageException(option, shown, "the file exists and is not writable");
        }
    }

    /**
     * A SQLite database by its first bytes, one with a {@code -wal} or {@code -journal} beside it (a study being
     * created is empty until its first commit), or a file beside a database that holds part of it.
     */
    private static boolean isDatabase(Path p) {
        if (Files.isRegularFile(p)) {
            byte[] head = head(p);
            if (StudyFileCheck.isSqlite(head, head.length)) {
                return true;
            }
        }
        String name = p.getFileName().toString();
        for (String side : SIDE_FILES) {
            if (Files.exists(p.resolveSibling(name + side)) && !side.equals("-shm")) {
                return true;
            }
            if (name.endsWith(side) && name.length() > side.length()) {
                Path main = p.resolveSibling(name.substring(0, name.length() - side.length()));
                if (Files.isRegularFile(main) && isDatabase(main)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first {@link #HEAD_BYTES} bytes of a file, or none if it cannot be read (then no marker matches). */
    private static byte[] head(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(HEAD_BYTES);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Whether {@code head} starts with {@code prefix} (UTF-8). */
    public static boolean startsWith(byte[] head, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        return head.length >= p.length && Arrays.equals(head, 0, p.length, p, 0, p.length);
    }

    private static String article(String what) {
        return ("aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ") + what;
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 40) + "..." + s.substring(s.length() - 15) : s;
    }
}
