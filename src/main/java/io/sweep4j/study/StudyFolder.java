package io.sweep4j.study;

import io.sweep4j.store.StorageUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The folder of one study's trial files (checkpoints, saved models): {@code <base>/<storage>-files/<study>-<id>/},
 * e.g. {@code results/fashion-mlp.db-files/fashion-mlp-1/}. It is named from what the database holds (the storage's
 * file name or PostgreSQL database, the study's name and id), so a restarted process finds it again, and two
 * storages beside each other, or two studies of one storage, never share one. Beside the database, {@code storage} is
 * the file's name (not its path), so a database moved or copied with its {@code -files} folder keeps its folder's
 * name.
 */
public record StudyFolder(Path path, String storage, String study, long studyId) {

    /** The folder of study {@code study} (key {@code studyId}) of {@code url}, under {@code base}. */
    public static StudyFolder of(Path base, StorageUrl url, String study, long studyId) {
        String storage = storageName(url, base);
        return new StudyFolder(base.resolve(relative(storage, study, studyId)), storage, study, studyId);
    }

    /** {@code <storage>-files/<study>-<id>}: where under its base the study's files go. */
    public static Path relative(String storage, String study, long studyId) {
        return Path.of(safeName(storage) + "-files", safeName(study) + "-" + studyId);
    }

    /**
     * The name a storage's files are filed under in {@code base}: {@code postgresql-host-port-db}, {@code memory-NAME}
     * (a memory storage's base is its process's own), or a SQLite file's
     * name when {@code base} is the file's own directory (where no other file has that name); in any other folder
     * (a {@code resultsDir} several storages may share) the name followed by a hash of the file's absolute path, so
     * {@code p/a.db} and {@code q/a.db} keep apart there too.
     */
    static String storageName(StorageUrl url, Path base) {
        if (url instanceof StorageUrl.Postgres p) {
            return "postgresql-" + p.host() + "-" + p.port() + "-" + p.database();
        }
        if (url instanceof StorageUrl.Memory m) {
            return "memory-" + (m.name().isEmpty() ? "own" : m.name());
        }
        Path file = ((StorageUrl.Sqlite) url).file().toAbsolutePath().normalize();
        String name = file.getFileName().toString();
        if (base.toAbsolutePath().normalize().equals(file.getParent())) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(file.toString().getBytes(StandardCharsets.UTF_8));
        return String.format(Locale.ROOT, "%s-%08x", name, crc.getValue());
    }

    /** The folder of trial {@code number}'s files. */
    public Path trialDir(int number) {
        return path.resolve("trial-" + number);
    }

    /** {@code study "x" (id 1) in x.db}, for messages. */
    public String describe() {
        return "study \"" + study + "\" (id " + studyId + ") in " + storage;
    }

    /** A name that is one valid folder name on every file system. */
    static String safeName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (s.length() > 100) {
            s = s.substring(0, 100) + "-" + Integer.toHexString(name.hashCode());
        }
        return s.startsWith(".") ? "_" + s : s;
    }
}
