package io.sweep4j.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sweep4j.report.Html;
import io.sweep4j.store.StorageUrl;
import io.sweep4j.store.StudyGlimpse;
import io.sweep4j.store.StudyInfo;
import io.sweep4j.trial.FrozenTrial;
import io.sweep4j.trial.History;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code sweep dashboard}: a local web app on the JDK's own HTTP server that shows a storage's studies live,
 * read-only. Pages are shells; their script polls {@code /api/...} for an HTML fragment (the report's model and
 * charts, re-rendered only when the study changed) and for when the storage was last heard from. Only GET is
 * served, only to the host names it was bound to (a page elsewhere cannot reach it through DNS rebinding), under a
 * Content-Security-Policy that runs the dashboard's own script and loads nothing from elsewhere.
 */
public final class Dashboard implements AutoCloseable {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StorageWatch watch;
    private final HttpServer server;
    private final ExecutorService threads;
    private final Clock clock;
    private final boolean loopbackOnly;
    private final Map<String, Rendered> rendered = new ConcurrentHashMap<>();
    private final Map<String, Object> rendering = new ConcurrentHashMap<>();
    private final FirstLooks firstLooks;

    /**
     * Between two reads of one page's data: however many tabs poll, the storage is read and the page rendered at
     * most this often (rendering a study's report costs CPU its workers may share).
     */
    public static final java.time.Duration MIN_INTERVAL = java.time.Duration.ofMillis(1500);
    /** And at most once per this many times its last render took: a large running study costs a fifth of a core. */
    static final int RENDER_SHARE = 5;

    /** {@code loading}: when the full read began of the study this first look stands in for; null when read in full. */
    private record Rendered(long fingerprint, String html, java.time.Instant at, long renderNanos,
            java.time.Instant loading) {
        boolean fresh(java.time.Instant now) {
            java.time.Duration wait = java.time.Duration.ofNanos(renderNanos * RENDER_SHARE);
            return at.plus(wait.compareTo(MIN_INTERVAL) > 0 ? wait : MIN_INTERVAL).isAfter(now);
        }
    }

    private Dashboard(StorageWatch watch, HttpServer server, ExecutorService threads, Clock clock,
            boolean loopbackOnly, int sample) {
        this.firstLooks = new FirstLooks(sample);
        this.watch = watch;
        this.server = server;
        this.threads = threads;
        this.clock = clock;
        this.loopbackOnly = loopbackOnly;
    }

    /**
     * Opens the storage read-only (refusing, with the CLI's message, one it cannot read) and serves it on
     * {@code host:port} ({@code port} 0: any free port).
     */
    public static Dashboard start(StorageUrl url, String host, int port, Clock clock) throws IOException {
        return start(url, host, port, clock, FirstLooks.SAMPLE);
    }

    /** {@code sample}: trials a study's first look reads in full. */
    static Dashboard start(StorageUrl url, String host, int port, Clock clock, int sample) throws IOException {
        StorageWatch watch = new StorageWatch(url, clock);
        try {
            InetSocketAddress at = new InetSocketAddress(host, port);
            HttpServer server = HttpServer.create(at, 16);
            ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "sweep-dashboard");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(threads);
            Dashboard d = new Dashboard(watch, server, threads, clock, at.getAddress().isLoopbackAddress(),
                    sample);
            server.createContext("/", d::handle);
            server.start();
            // the first read of a large study is the slow one (every trial): its page is rendered from a glimpse
            // first, before that read begins, and a page asked for meanwhile waits for that render, not the read
            threads.submit(() -> d.firstLooks.run(watch, clock, name -> d.current("study:" + name,
                    () -> d.study(name))));
            return d;
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
    }

    /** The address to open in a browser. */
    public URI address() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        watch.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET")) {
                send(ex, 405, "text/plain", "the dashboard is read-only: GET only");
                return;
            }
            if (loopbackOnly && !localHost(ex.getRequestHeaders().getFirst("Host"))) {
                send(ex, 403, "text/plain", "this dashboard answers to 127.0.0.1 and localhost only");
                return;
            }
            Map<String, String> q = query(ex.getRequestURI());
            String path = ex.getRequestURI().getPath();
            switch (path) {
                case "/" -> send(ex, 200, "text/html", Pages.shell("studies", "/api/studies"));
                case "/study" -> send(ex, 200, "text/html", Pages.shell(q.getOrDefault("name", ""),
                        Pages.studyHref(q.getOrDefault("name", "")).replace("/study?", "/api/study?")));
                case "/trial" -> send(ex, 200, "text/html", Pages.shell("trial " + q.getOrDefault("number", "")
                        + " of " + q.getOrDefault("study", ""), Pages.trialHref(q.getOrDefault("study", ""),
                        number(q)).replace("/trial?", "/api/trial?")));
                case "/api/studies" -> json(ex, q, "studies", this::studies);
                case "/api/study" -> json(ex, q, "study:" + q.get("name"), () -> study(q.getOrDefault("name", "")));
                case "/api/trial" -> json(ex, q, "trial:" + q.get("study") + ":" + number(q),
                        () -> trial(q.getOrDefault("study", ""), number(q)));
                case "/dashboard.js" -> send(ex, 200, "text/javascript", DashboardAssets.SCRIPT);
                case "/dashboard.css" -> send(ex, 200, "text/css", DashboardAssets.CSS);
                case "/favicon.svg", "/favicon.ico" -> send(ex, 200, "image/svg+xml", DashboardAssets.FAVICON);
                default -> send(ex, 404, "text/plain", "no such page");
            }
        } catch (RuntimeException e) {
            // a bug in rendering must not kill the server thread silently
            send(ex, 500, "text/plain", "the dashboard failed: " + e);
        }
    }

    /**
     * What a fragment endpoint renders: its fingerprint (cheap) and how to render it (only when that changed); for a
     * first look, when the full read it stands in for began.
     */
    private record Fragment(long fingerprint, java.util.function.Supplier<String> html, java.time.Instant loading) {
        Fragment(long fingerprint, java.util.function.Supplier<String> html) {
            this(fingerprint, html, null);
        }
    }

    private void json(HttpExchange ex, Map<String, String> q, String key,
            java.util.function.Supplier<Optional<Fragment>> read) throws IOException {
        Optional<Rendered> r = current(key, read);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("heard", watch.heard().toEpochMilli());
        out.put("problem", watch.problem());
        r.ifPresent(now -> {
            String version = Long.toHexString(now.fingerprint());
            out.put("version", version);
            out.put("html", version.equals(q.get("v")) ? null : now.html());
            out.put("loading", now.loading() == null ? null : now.loading().toEpochMilli());
        });
        send(ex, 200, "application/json", JSON.writeValueAsString(out));
    }

    /**
     * The page's fragment as of now (empty when the storage cannot be read), read again only when the last is stale
     * and rendered again only when it changed; one tab at a time per page, so tabs opened together render it once.
     */
    private Optional<Rendered> current(String key, java.util.function.Supplier<Optional<Fragment>> read) {
        synchronized (rendering.computeIfAbsent(key, k -> new Object())) {
            Rendered r = rendered.get(key);
            java.time.Instant now = clock.instant();
            if (r != null && watch.problem() == null && r.fresh(now)) {
                return Optional.of(r);
            }
            Optional<Fragment> f = read.get();
            if (f.isEmpty()) {
                return Optional.empty();
            }
            if (r == null || r.fingerprint() != f.get().fingerprint()) {
                long t0 = System.nanoTime();
                String html = f.get().html().get();
                r = new Rendered(f.get().fingerprint(), html, now, System.nanoTime() - t0, f.get().loading());
            } else {
                r = new Rendered(r.fingerprint(), r.html(), now, r.renderNanos(), f.get().loading());
            }
            rendered.put(key, r);
            return Optional.of(r);
        }
    }

    private record Read(List<StudyInfo> studies, Map<Long, History> histories) {
    }

    private Optional<Fragment> studies() {
        Optional<FirstLooks.Snapshot> early = firstLooks.list();
        if (early.isPresent()) {
            FirstLooks.Snapshot s = early.get();
            long fp = s.studies().hashCode() * 31L + 1;
            for (StudyGlimpse g : s.looks().values()) {
                fp = fp * 31 + fingerprint(g.sample());
            }
            return Optional.of(new Fragment(fp, () -> Pages.studies(watch.location(), s.studies(), s.looks()),
                    s.since()));
        }
        return watch.read(s -> {
            List<StudyInfo> studies = s.studies();
            Map<Long, History> histories = new LinkedHashMap<>();
            studies.forEach(i -> histories.put(i.studyId(), s.history(i.studyId())));
            return new Read(studies, histories);
        }).map(r -> {
            long fp = r.studies().hashCode();
            Map<Long, StudyGlimpse> all = new LinkedHashMap<>();
            for (var e : r.histories().entrySet()) {
                fp = fp * 31 + fingerprint(e.getValue());
                all.put(e.getKey(), StudyGlimpse.of(e.getValue()));
            }
            return new Fragment(fp, () -> Pages.studies(watch.location(), r.studies(), all));
        });
    }

    private Optional<Fragment> study(String name) {
        Optional<Map.Entry<StudyInfo, StudyGlimpse>> early = firstLooks.study(name);
        if (early.isPresent()) {
            StudyInfo info = early.get().getKey();
            StudyGlimpse g = early.get().getValue();
            return Optional.of(new Fragment(fingerprint(g.sample()) * 31 + info.hashCode() + 1,
                    () -> Pages.study(info, g, clock), firstLooks.list().map(FirstLooks.Snapshot::since)
                            .orElse(clock.instant())));
        }
        return watch.read(s -> s.studies().stream().filter(i -> i.name().equals(name)).findFirst()
                .map(i -> new Read(List.of(i), Map.of(i.studyId(), s.history(i.studyId()))))
                .orElse(new Read(List.of(), Map.of()))).map(r -> {
                    if (r.studies().isEmpty()) {
                        return notFound("No study named " + name + " in " + watch.location() + ".");
                    }
                    StudyInfo info = r.studies().get(0);
                    History h = r.histories().get(info.studyId());
                    return new Fragment(fingerprint(h) * 31 + info.hashCode(),
                            () -> Pages.study(info, StudyGlimpse.of(h), clock));
                });
    }

    private Optional<Fragment> trial(String study, int number) {
        return watch.read(s -> s.studies().stream()
                .filter(i -> i.name().equals(study)).findFirst()
                .map(i -> new Read(List.of(i), Map.of(i.studyId(), s.history(i.studyId()))))
                .orElse(new Read(List.of(), Map.of()))).map(r -> {
                    if (r.studies().isEmpty()) {
                        return notFound("No study named " + study + " in " + watch.location() + ".");
                    }
                    StudyInfo info = r.studies().get(0);
                    History h = r.histories().get(info.studyId());
                    Optional<FrozenTrial> t = h.trials().stream().filter(x -> x.number() == number).findFirst();
                    if (t.isEmpty()) {
                        return notFound("Study " + study + " has no trial #" + number + " yet.");
                    }
                    return new Fragment(fingerprint(h.withTrials(List.of(t.get()))) * 31
                            + fingerprint(h), () -> Pages.trial(info, h, t.get()));
                });
    }

    private static Fragment notFound(String sentence) {
        return new Fragment(sentence.hashCode(), () -> "<p class='empty' id='not-found'>" + Html.esc(sentence)
                + "</p>");
    }

    /** Changes when a trial starts, reports, gets an attribute or ends; cheap next to rendering. */
    static long fingerprint(History h) {
        long fp = h.trials().size();
        for (FrozenTrial t : h.trials()) {
            fp = fp * 31 + t.trialId();
            fp = fp * 31 + t.state().ordinal();
            fp = fp * 31 + t.intermediateValues().size();
            fp = fp * 31 + t.systemAttributes().size();
            fp = fp * 31 + t.userAttributes().size();
        }
        return fp;
    }

    private static int number(Map<String, String> q) {
        try {
            return Integer.parseInt(q.getOrDefault("number", "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean localHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1)
                : host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        return name.equals("127.0.0.1") || name.equals("localhost") || name.equals("[::1]");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String part : raw.split("&")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var h = ex.getResponseHeaders();
        h.set("Content-Type", type + "; charset=utf-8");
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
