package io.sweep4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lookup order and download; the "internet" is an HTTP server on 127.0.0.1 serving files this test wrote. */
class DatasetLoaderTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    /** Paths whose response declares the full length but sends only half and then nothing more. */
    private final Map<String, Boolean> stalled = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    private Path source;
    private Path cacheRoot;
    private Path systemDir;
    private ImageSet train;
    private ImageSet test;
    private DatasetSpec spec;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String name = exchange.getRequestURI().getPath().replaceFirst("^/data/", "");
            byte[] body = served.get(name);
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else if (stalled.containsKey(name)) {
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body, 0, body.length / 2);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            } catch (IOException expectedWhenStalled) {
                // the JDK server refuses to finish a short fixed-length response and leaves the client waiting
            }
        });
        server.start();

        source = Files.createDirectories(tmp.resolve("source"));
        cacheRoot = tmp.resolve("cache");
        systemDir = tmp.resolve("usr-share-datasets");
        train = IdxCodecTest.randomSet(40, 4, 4, 4, 11);
        test = IdxCodecTest.randomSet(8, 4, 4, 4, 12);
        IdxCodec.write(train, source.resolve("train-images-idx3-ubyte.gz"),
                source.resolve("train-labels-idx1-ubyte.gz"), true);
        IdxCodec.write(test, source.resolve("t10k-images-idx3-ubyte.gz"),
                source.resolve("t10k-labels-idx1-ubyte.gz"), true);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                served.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/");
        spec = new DatasetSpec("tiny", List.of("a", "b", "c", "d"), base, systemDir,
                remote("train-images-idx3-ubyte"), remote("train-labels-idx1-ubyte"),
                remote("t10k-images-idx3-ubyte"), remote("t10k-labels-idx1-ubyte"));
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private DatasetSpec.RemoteFile remote(String name) throws IOException {
        try (InputStream content = IdxCodec.openContent(source.resolve(name + ".gz"))) {
            return new DatasetSpec.RemoteFile(name, DatasetLoader.sha256(content));
        }
    }

    private DatasetLoader loader() {
        return new DatasetLoader(cacheRoot);
    }

    private static void copyAll(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private void assertNothingCached() throws IOException {
        assertEquals(List.of(), filesUnder(cacheRoot), "a failed download must leave no file in the cache");
        try (Stream<Path> entries = Files.exists(cacheRoot) ? Files.list(cacheRoot) : Stream.empty()) {
            assertEquals(List.of(), entries.toList(), "no staging directory may remain either");
        }
    }

    @Test
    void downloadWithCorrectChecksumLandsInTheCacheAndIsReused() throws IOException {
        Dataset dataset = loader().load(spec);

        assertEquals(train, dataset.train());
        assertEquals(test, dataset.test());
        assertEquals(List.of("a", "b", "c", "d"), dataset.classNames());
        assertEquals(4, requests.get());
        for (String name : served.keySet()) {
            assertTrue(Arrays.equals(served.get(name), Files.readAllBytes(cacheRoot.resolve("tiny").resolve(name))),
                    name + " stored as downloaded");
        }
        assertEquals(4, filesUnder(cacheRoot).size(), "only the four files, no leftovers");

        assertEquals(dataset, loader().load(spec));
        assertEquals(4, requests.get(), "the second load reads the cache and makes no request");
    }

    @Test
    void wrongChecksumFailsAndLeavesTheCacheEmpty() throws IOException {
        DatasetSpec pinnedWrong = new DatasetSpec(spec.name(), spec.classNames(), spec.baseUrl(), null,
                spec.trainImages(), spec.trainLabels(),
                new DatasetSpec.RemoteFile("t10k-images-idx3-ubyte", "0".repeat(64)), spec.testLabels());

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> loader().load(pinnedWrong));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("expected the pinned " + "0".repeat(64)), e.getMessage());
        assertTrue(e.getMessage().contains(spec.testImages().contentSha256()), "names the digest it found");
        assertNothingCached();
    }

    @Test
    void truncatedDownloadFailsAndLeavesTheCacheEmpty() throws IOException {
        byte[] full = served.get("train-images-idx3-ubyte.gz");
        served.put("train-images-idx3-ubyte.gz", Arrays.copyOf(full, full.length - 100));

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, () -> loader().load(spec));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertNothingCached();
    }

    @Test
    void connectionDroppedMidDownloadFailsAndLeavesTheCacheEmpty() throws Exception {
        byte[] body = served.get("train-labels-idx1-ubyte.gz");
        try (ServerSocket dropping = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket socket = dropping.accept()) {
                    socket.getInputStream().read(new byte[8192]); // the request; its content does not matter
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body, 0, body.length / 2);
                    out.flush();
                } catch (IOException ignored) {
                    // the test's assertion reports what matters
                }
            });
            answer.start();
            URI droppingBase = URI.create("http://127.0.0.1:" + dropping.getLocalPort() + "/");
            DatasetSpec onlyLabelsMissing = spec.withBaseUrl(droppingBase);
            Files.createDirectories(cacheRoot.resolve("tiny"));
            for (String name : List.of("train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                    "t10k-labels-idx1-ubyte.gz")) {
                Files.copy(source.resolve(name), cacheRoot.resolve("tiny").resolve(name));
            }

            DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                    () -> new DatasetLoader(cacheRoot, false, Map.of(), Duration.ofSeconds(5))
                            .load(onlyLabelsMissing));
            answer.join(5000);
            assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
            assertTrue(e.getMessage().contains("cut off"), e.getMessage());
            assertTrue(Files.notExists(cacheRoot.resolve("tiny").resolve("train-labels-idx1-ubyte.gz")));
            assertEquals(3, filesUnder(cacheRoot).size(), "only the files that were there before");
        }
    }

    @Test
    void stalledDownloadTimesOutAndLeavesTheCacheEmpty() throws IOException {
        stalled.put("train-labels-idx1-ubyte.gz", true);

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> new DatasetLoader(cacheRoot, false, Map.of(), Duration.ofMillis(500)).load(spec));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("stalled"), e.getMessage());
        assertNothingCached();
    }

    @Test
    void missingFileOnTheServerReportsTheStatusAndLeavesTheCacheEmpty() throws IOException {
        served.remove("t10k-labels-idx1-ubyte.gz");

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, () -> loader().load(spec));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains("/data/t10k-labels-idx1-ubyte.gz"), e.getMessage());
        assertNothingCached();
    }

    @Test
    void cacheWinsOverTheSystemDirectory() throws IOException {
        copyAll(source, cacheRoot.resolve("tiny"));
        ImageSet other = IdxCodecTest.randomSet(40, 4, 4, 4, 99);
        Files.createDirectories(systemDir);
        IdxCodec.write(other, systemDir.resolve("train-images-idx3-ubyte.gz"),
                systemDir.resolve("train-labels-idx1-ubyte.gz"), true);
        IdxCodec.write(test, systemDir.resolve("t10k-images-idx3-ubyte"), systemDir.resolve("t10k-labels-idx1-ubyte"),
                false);

        assertEquals(cacheRoot.resolve("tiny"), loader().locate(spec));
        assertEquals(train, loader().load(spec).train());
        assertEquals(0, requests.get());
    }

    @Test
    void systemDirectoryIsUsedWhenTheCacheIsIncompleteWithoutDownloading() throws IOException {
        copyAll(source, systemDir);
        Files.createDirectories(cacheRoot.resolve("tiny"));
        Files.copy(source.resolve("train-images-idx3-ubyte.gz"),
                cacheRoot.resolve("tiny").resolve("train-images-idx3-ubyte.gz"));

        assertEquals(systemDir, loader().locate(spec));
        assertEquals(0, requests.get());
    }

    @Test
    void rawUncompressedFilesAreFoundToo() throws IOException {
        Files.createDirectories(systemDir);
        IdxCodec.write(train, systemDir.resolve("train-images-idx3-ubyte"),
                systemDir.resolve("train-labels-idx1-ubyte"), false);
        IdxCodec.write(test, systemDir.resolve("t10k-images-idx3-ubyte"),
                systemDir.resolve("t10k-labels-idx1-ubyte"), false);

        assertEquals(train, loader().load(spec).train());
        assertEquals(0, requests.get());
    }

    @Test
    void downloadHappensOnlyWhenNeitherCacheNorSystemHasTheFiles() throws IOException {
        assertEquals(cacheRoot.resolve("tiny"), loader().locate(spec));
        assertEquals(4, requests.get());
    }

    @Test
    void interruptedEarlierDownloadIsCompletedWithoutRefetchingWhatIsCached() throws IOException {
        Files.createDirectories(cacheRoot.resolve("tiny"));
        Files.copy(source.resolve("train-images-idx3-ubyte.gz"),
                cacheRoot.resolve("tiny").resolve("train-images-idx3-ubyte.gz"));

        assertEquals(train, loader().load(spec).train());
        assertEquals(3, requests.get());
    }

    @Test
    void explicitDirectoryIsTheOnlyPlaceLookedAt() throws IOException {
        copyAll(source, cacheRoot.resolve("tiny"));
        Path explicit = Files.createDirectories(tmp.resolve("mine"));
        Files.copy(source.resolve("train-images-idx3-ubyte.gz"), explicit.resolve("train-images-idx3-ubyte.gz"));

        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                () -> loader().load(spec, explicit));
        assertTrue(e.getMessage().contains(explicit.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte"),
                e.getMessage());
        assertEquals(0, requests.get());

        copyAll(source, tmp.resolve("complete"));
        assertEquals(train, loader().load(spec, tmp.resolve("complete")).train());
    }

    @Test
    void offlineLoaderNeverDownloadsAndSaysWhereToPutTheFiles() throws IOException {
        DatasetLoader offline = new DatasetLoader(cacheRoot, true, Map.of());
        DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class, () -> offline.load(spec));
        assertTrue(e.getMessage().contains(cacheRoot.resolve("tiny").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(DatasetLoader.OFFLINE_PROPERTY), e.getMessage());
        assertEquals(0, requests.get());
        assertNothingCached();
    }

    @Test
    void baseUrlOverrideRedirectsTheDownload() throws IOException {
        DatasetSpec unreachable = spec.withBaseUrl(URI.create("http://127.0.0.1:9/nowhere/"));
        DatasetLoader overridden = new DatasetLoader(cacheRoot, false, Map.of("tiny", spec.baseUrl()));
        assertEquals(train, overridden.load(unreachable).train());
        assertEquals(4, requests.get());
    }

    @Test
    void systemPropertiesConfigureTheEnvironmentLoader() throws IOException {
        String oldCache = System.getProperty(DatasetLoader.CACHE_PROPERTY);
        String property = DatasetLoader.baseUrlProperty("fashion-mnist");
        String oldUrl = System.getProperty(property);
        try {
            System.setProperty(DatasetLoader.CACHE_PROPERTY, cacheRoot.toString());
            System.setProperty(property, spec.baseUrl().toString());
            assertEquals(cacheRoot, DatasetLoader.defaultCacheRoot());
            DatasetLoader loader = DatasetLoader.fromEnvironment();
            assertEquals(cacheRoot.toAbsolutePath(), loader.cacheRoot());
            // Fashion-MNIST pointed at the test server, without its system directory, downloads from there; the
            // server has the tiny set under Fashion-MNIST's file names, which the pinned real digest rejects
            DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
                    () -> loader.load(DatasetSpec.FASHION_MNIST.withSystemDirectory(null)));
            assertTrue(e.getMessage().contains(spec.baseUrl() + "train-images-idx3-ubyte.gz"), e.getMessage());
            assertTrue(e.getMessage().contains("expected the pinned "
                    + DatasetSpec.FASHION_MNIST.trainImages().contentSha256()), e.getMessage());
            assertEquals(List.of(), filesUnder(cacheRoot));
        } finally {
            restore(DatasetLoader.CACHE_PROPERTY, oldCache);
            restore(property, oldUrl);
        }
    }

    @Test
    void cacheRootDefaultsToTheUserHome() {
        String oldCache = System.getProperty(DatasetLoader.CACHE_PROPERTY);
        try {
            System.clearProperty(DatasetLoader.CACHE_PROPERTY);
            Path expected = System.getenv(DatasetLoader.CACHE_ENV) != null
                    ? Path.of(System.getenv(DatasetLoader.CACHE_ENV))
                    : Path.of(System.getProperty("user.home"), ".sweep4j", "data");
            assertEquals(expected, DatasetLoader.defaultCacheRoot());
        } finally {
            restore(DatasetLoader.CACHE_PROPERTY, oldCache);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
