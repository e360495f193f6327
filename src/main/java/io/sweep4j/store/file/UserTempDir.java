package io.sweep4j.store.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One folder per user under the temp directory ({@code <java.io.tmpdir>/sweep4j-<user>}) for what a run unpacks
 * or compiles, so that a killed process adds nothing lasting to the temp directory: its files sit either in stable
 * places, reused by every run, or in folders named by their process, which the next run deletes once that process
 * is gone.
 */
public final class UserTempDir {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Pattern OWNER = Pattern.compile("(\\d+)-(\\d+)-.*");

    private UserTempDir() {
    }

    /**
     * The folder, created if needed, or empty when it cannot be trusted: in a shared temp directory another user
     * could have made it first (and put a library there), so it must be ours, a real folder, and closed to others.
     */
    public static Optional<Path> root() {
        String user = System.getProperty("user.name", "user");
        Path dir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath()
                .resolve("sweep4j-" + user.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            boolean ours = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(user);
            boolean closed = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
            return ours && closed ? Optional.of(dir) : Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * A new, empty folder for this process under {@code <root>/<kind>/}, named by pid and start time; the folders
     * that processes now gone left there (killed before they could delete them) are deleted first. Without a
     * trusted root, a plain temp folder. The caller deletes it with {@link #delete} when done.
     */
    public static Path processFolder(String kind) throws IOException {
        Optional<Path> root = root();
        if (root.isEmpty()) {
            return Files.createTempDirectory("sweep4j-" + kind);
        }
        Path parent = Files.createDirectories(root.get().resolve(kind));
        deleteLeftovers(parent);
        ProcessHandle me = ProcessHandle.current();
        return Files.createTempDirectory(parent, me.pid() + "-" + startMillis(me) + "-");
    }

    /** Deletes a folder and everything in it. */
    public static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteLeftovers(Path parent) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent)) {
            for (Path dir : dirs) {
                Matcher m = OWNER.matcher(dir.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))) {
                    delete(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // only tidying: a folder that cannot be deleted now is tried again by the next run
        }
    }

    /** The process exists and is the one that made the folder, not a later one that got the same pid. */
    private static boolean alive(long pid, long startMillis) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        return p.isPresent() && (startMillis == 0 || startMillis(p.get()) == startMillis);
    }

    private static long startMillis(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
