package io.sweep4j.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * Finds a standard dataset's files, downloading and verifying them if needed, and loads them.
 *
 * <p>Lookup order: an explicit directory if one is given (and then nothing else); the user cache
 * {@code <cacheRoot>/<name>/}; the system-package directory (Debian's {@code /usr/share/datasets/...});
 * a download from the spec's base URL into the cache. A download goes to a private staging directory,
 * is SHA-256 checked, and only then moved into the cache, so a failed or interrupted download never
 * leaves a file there.
 */
public final class DatasetLoader {

    /** System property naming the cache root; wins over {@link #CACHE_ENV}. */
    public static final String CACHE_PROPERTY = "sweep4j.data.cache";
    /** Environment variable naming the cache root, used when {@link #CACHE_PROPERTY} is unset. */
    public static final String CACHE_ENV = "SWEEP4J_DATA";
    /** System property: {@code true} forbids downloads (CI, air-gapped machines). */
    public static final String OFFLINE_PROPERTY = "sweep4j.data.offline";

    private static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    private static final System.Logger LOG = System.getLogger(DatasetLoader.class.getName());

    private final Path cacheRoot;
    private final boolean offline;
    private final Map<String, URI> baseUrlOverrides;
    private final Duration readTimeout;

    /**
     * @param cacheRoot        directory holding one sub-directory per dataset name
     * @param offline          if true, never download; fail with instructions instead
     * @param baseUrlOverrides dataset name → base URL replacing the spec's (mirrors, test servers)
     */
    public DatasetLoader(Path cacheRoot, boolean offline, Map<String, URI> baseUrlOverrides) {
        this(cacheRoot, offline, baseUrlOverrides, DEFAULT_READ_TIMEOUT);
    }

    /** As the public constructor, with the connect and per-read timeout after which a download fails. */
    DatasetLoader(Path cacheRoot, boolean offline, Map<String, URI> baseUrlOverrides, Duration readTimeout) {
        this.cacheRoot = cacheRoot.toAbsolutePath();
        this.offline = offline;
        this.baseUrlOverrides = Map.copyOf(baseUrlOverrides);
        this.readTimeout = readTimeout;
    }

    public DatasetLoader(Path cacheRoot) {
        this(cacheRoot, false, Map.of());
    }

    /**
     * A loader configured by system properties and environment: cache root from {@value #CACHE_PROPERTY},
     * then {@value #CACHE_ENV}, then {@code ~/.sweep4j/data}; downloads off if {@value #OFFLINE_PROPERTY} is
     * {@code true}; the base URL of dataset {@code <name>} from {@code sweep4j.data.<name>.url} if set.
     */
    public static DatasetLoader fromEnvironment() {
        Map<String, URI> overrides = new LinkedHashMap<>();
        for (DatasetSpec spec : List.of(DatasetSpec.FASHION_MNIST, DatasetSpec.MNIST)) {
            String url = System.getProperty(baseUrlProperty(spec.name()));
            if (url != null && !url.isBlank()) {
                overrides.put(spec.name(), URI.create(url.trim()));
            }
        }
        return new DatasetLoader(defaultCacheRoot(), Boolean.getBoolean(OFFLINE_PROPERTY), overrides);
    }

    /** Name of the system property overriding the download base URL of dataset {@code datasetName}. */
    public static String baseUrlProperty(String datasetName) {
        return "sweep4j.data." + datasetName + ".url";
    }

    /** The cache root that {@link #fromEnvironment()} uses. */
    public static Path defaultCacheRoot() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property.trim());
        }
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env.trim());
        }
        return Path.of(System.getProperty("user.home"), ".sweep4j", "data");
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    /** The directory a dataset is cached in. */
    public Path cacheDirectory(DatasetSpec spec) {
        return cacheRoot.resolve(spec.name());
    }

    /** Loads the dataset from the first place in the lookup order that has all four files. */
    public Dataset load(DatasetSpec spec) {
        return read(spec, locate(spec));
    }

    /** Loads the dataset from {@code explicitDirectory} only; it must hold all four files. */
    public Dataset load(DatasetSpec spec, Path explicitDirectory) {
        return read(spec, locate(spec, explicitDirectory));
    }

    /** The directory the dataset is read from: cache, else system package, else a fresh download into the cache. */
    public Path locate(DatasetSpec spec) {
        Path cached = cacheDirectory(spec);
        if (isComplete(spec, cached)) {
            return cached;
        }
        if (spec.systemDirectory() != null && isComplete(spec, spec.systemDirectory())) {
            return spec.systemDirectory();
        }
        if (offline) {
            throw new DatasetUnavailableException(spec.name() + " is not in the cache " + cached
                    + (spec.systemDirectory() != null ? " nor in " + spec.systemDirectory() : "")
                    + " and downloads are off (" + OFFLINE_PROPERTY + "=true). Fix: put "
                    + fileList(spec) + " (gzip or raw) into " + cached
                    + (spec.name().equals(DatasetSpec.FASHION_MNIST.name())
                            ? ", or install the Debian package dataset-fashion-mnist" : "")
                    + ", or allow downloads");
        }
        download(spec, cached);
        return cached;
    }

    /** {@code explicitDirectory} itself, after checking it holds all four files. */
    public Path locate(DatasetSpec spec, Path explicitDirectory) {
        List<String> missing = new ArrayList<>();
        for (DatasetSpec.RemoteFile file : spec.files()) {
            if (find(explicitDirectory, file) == null) {
                missing.add(file.fileName());
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetUnavailableException("the directory " + explicitDirectory + " given for "
                    + spec.name() + " lacks " + String.join(", ", missing)
                    + " (looked for NAME.gz and NAME). Fix: copy the IDX files there, or pass no directory"
                    + " to use the cache, the system package or a download");
        }
        return explicitDirectory;
    }

    private Dataset read(DatasetSpec spec, Path directory) {
        ImageSet train = IdxCodec.read(find(directory, spec.trainImages()), find(directory, spec.trainLabels()),
                spec.classNames().size());
        ImageSet test = IdxCodec.read(find(directory, spec.testImages()), find(directory, spec.testLabels()),
                spec.classNames().size());
        return new Dataset(spec.name(), train, test, spec.classNames());
    }

    /** {@code dir/NAME.gz} or {@code dir/NAME}, whichever exists (gzip first), else null. */
    static Path find(Path directory, DatasetSpec.RemoteFile file) {
        Path gz = directory.resolve(file.downloadName());
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = directory.resolve(file.fileName());
        return Files.isRegularFile(raw) ? raw : null;
    }

    private static boolean isComplete(DatasetSpec spec, Path directory) {
        return Files.isDirectory(directory) && spec.files().stream().allMatch(f -> find(directory, f) != null);
    }

    private static String fileList(DatasetSpec spec) {
        return String.join(", ", spec.files().stream().map(DatasetSpec.RemoteFile::downloadName).toList());
    }

    private void download(DatasetSpec spec, Path target) {
        URI base = baseUrlOverrides.getOrDefault(spec.name(), spec.baseUrl());
        if (!base.toString().endsWith("/")) {
            base = URI.create(base + "/");
        }
        Path staging;
        try {
            Files.createDirectories(cacheRoot);
            // staging inside the cache root: same file system, so the final move can be atomic
            staging = Files.createTempDirectory(cacheRoot, "." + spec.name() + "-download-");
        } catch (IOException e) {
            throw new DatasetUnavailableException("cannot create the data cache " + cacheRoot + " for " + spec.name()
                    + ": " + e + ". Fix: make it writable, or point " + CACHE_PROPERTY + " / " + CACHE_ENV
                    + " at a writable directory", e);
        }
        try {
            Map<Path, Path> verified = new LinkedHashMap<>();
            for (DatasetSpec.RemoteFile file : spec.files()) {
                if (find(target, file) != null) {
                    continue; // verified when it was moved in by an earlier, interrupted run
                }
                URI url = base.resolve(file.downloadName());
                Path part = staging.resolve(file.downloadName());
                LOG.log(System.Logger.Level.INFO, "downloading {0} to {1}", url, target);
                fetch(url, part);
                verify(url, part, file.contentSha256());
                verified.put(part, target.resolve(file.downloadName()));
            }
            Files.createDirectories(target);
            for (Map.Entry<Path, Path> move : verified.entrySet()) {
                moveAtomically(move.getKey(), move.getValue());
            }
        } catch (IOException e) {
            throw new DatasetUnavailableException("cannot store " + spec.name() + " in the cache " + target + ": "
                    + e + ". Fix: check free space and permissions of " + cacheRoot, e);
        } finally {
            deleteRecursively(staging);
        }
    }

    private void fetch(URI url, Path destination) {
        URI current = url;
        // HttpURLConnection, not java.net.http: it has a per-read timeout, so a stalled server fails the
        // download instead of hanging a study forever; it does not follow http -> https redirects, hence the loop
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection;
            int status;
            try {
                connection = (HttpURLConnection) current.toURL().openConnection();
                connection.setConnectTimeout((int) readTimeout.toMillis());
                connection.setReadTimeout((int) readTimeout.toMillis());
                connection.setInstanceFollowRedirects(false);
                connection.setRequestProperty("User-Agent", "sweep4j");
                status = connection.getResponseCode();
            } catch (IOException e) {
                throw new DatasetUnavailableException("download of " + current + " failed: " + e
                        + ". Fix: check the network and retry; or download the files by hand into the cache ("
                        + cacheRoot + "/<name>/) or pass their directory explicitly", e);
            }
            try {
                if (status >= 300 && status < 400 && connection.getHeaderField("Location") != null) {
                    if (redirects >= 5) {
                        throw new DatasetUnavailableException("download of " + url + " redirected more than 5 times;"
                                + " Fix: set the mirror's final address with sweep4j.data.<name>.url");
                    }
                    current = current.resolve(connection.getHeaderField("Location"));
                    continue;
                }
                if (status != 200) {
                    throw new DatasetUnavailableException("download of " + current + " answered HTTP " + status
                            + ", expected 200. Fix: check the address (override it with the system property "
                            + "sweep4j.data.<name>.url to use a mirror) or download the files by hand");
                }
                long expectedLength = connection.getContentLengthLong();
                long copied;
                try (InputStream body = connection.getInputStream()) {
                    copied = Files.copy(body, destination, StandardCopyOption.REPLACE_EXISTING);
                } catch (SocketTimeoutException e) {
                    throw new DatasetUnavailableException("download of " + current + " stalled: no data for "
                            + readTimeout.toSeconds() + " s. Fix: retry later or use a mirror"
                            + " (sweep4j.data.<name>.url); nothing was stored in the cache", e);
                } catch (IOException e) {
                    throw new DatasetUnavailableException("download of " + current + " was cut off: " + e
                            + ". Fix: retry; nothing was stored in the cache", e);
                }
                if (expectedLength >= 0 && copied != expectedLength) {
                    throw new DatasetUnavailableException("download of " + current + " was cut off after " + copied
                            + " of " + expectedLength + " bytes. Fix: retry; nothing was stored in the cache");
                }
                return;
            } finally {
                connection.disconnect();
            }
        }
    }

    private static void verify(URI url, Path file, String expectedSha256) {
        String actual;
        try (InputStream content = IdxCodec.openContent(file)) {
            actual = sha256(content);
        } catch (EOFException e) {
            throw new DatasetUnavailableException("download of " + url + " is truncated: its gzip stream ends early ("
                    + e.getMessage() + "). Fix: retry the download; nothing was stored in the cache", e);
        } catch (ZipException | DatasetFormatException e) {
            throw new DatasetUnavailableException("download of " + url + " is not valid gzip data (" + e.getMessage()
                    + "). Fix: check the address serves the dataset's .gz files; nothing was stored in the cache", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the downloaded " + file + ": " + e.getMessage(), e);
        }
        if (!actual.equals(expectedSha256)) {
            throw new DatasetUnavailableException("download of " + url + " has SHA-256 " + actual
                    + " (of its decompressed content), expected the pinned " + expectedSha256
                    + ". The file is truncated, corrupt or not the dataset. Fix: retry, or use another mirror"
                    + " (sweep4j.data.<name>.url); nothing was stored in the cache");
        }
    }

    /** Hex SHA-256 of everything {@code in} yields. */
    static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) != -1; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete the download staging directory {0}: {1}",
                    directory, e);
        }
    }
}
