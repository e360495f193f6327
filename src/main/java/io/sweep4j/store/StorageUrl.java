package io.sweep4j.store;

import io.sweep4j.space.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A storage as Optuna spells it: a file path ({@code results/x.db}), {@code sqlite:///abs/x.db}, or
 * {@code postgresql://user:pass@host:5432/db} (also {@code postgresql+psycopg2://}, as copied from Optuna scripts),
 * or {@code memory:} (a storage in this process only: {@code memory:} alone is a new one, {@code memory:NAME} is shared
 * by every opening of that name in this JVM).
 * The query option {@code revision=v3.0.0.d} (after a plain path too: {@code results/x.db?revision=v3.0.0.d}) asks
 * for Optuna 3.1's schema when the storage is created; an existing storage at another revision is then refused.
 * {@link #toString()} never shows a password.
 */
public sealed interface StorageUrl {

    /** The revision the user asked for, if any: a new storage is created at it, an existing one must have it. */
    Optional<SchemaRevision> asked();

    /** The revision a new storage gets. */
    default SchemaRevision revision() {
        return asked().orElse(SchemaRevision.DEFAULT);
    }

    /** The URL with any password replaced by {@code ***}. */
    @Override
    String toString();

    /** A SQLite file. */
    record Sqlite(Path file, Optional<SchemaRevision> asked) implements StorageUrl {
        @Override
        public String toString() {
            return file.toString();
        }
    }

    /** A PostgreSQL database; user and password may come from the environment ({@code PGPASSWORD}, ~/.pgpass). */
    record Postgres(String host, int port, String database, String user, Optional<String> password,
            Optional<SchemaRevision> asked) implements StorageUrl {
        @Override
        public String toString() {
            return "postgresql://" + (user == null ? "" : user + (password.isPresent() ? ":***" : "") + "@") + host
                    + ":" + port + "/" + database;
        }
    }

    /** A storage in this process's memory: {@code name} empty for a new one, else shared by name within the JVM. */
    record Memory(String name) implements StorageUrl {
        @Override
        public Optional<SchemaRevision> asked() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "memory:" + name;
        }
    }

    /** Parses a storage argument; a mistake names the value (password hidden) and the fix. */
    static StorageUrl parse(String text) {
        return parse(text, null);
    }

    /** Parses a storage argument; {@code revision}, if not null, overrides the URL's. */
    static StorageUrl parse(String text, SchemaRevision revision) {
        if (text == null || text.isBlank()) {
            throw new UsageException("storage", text, "give a file (results/x.db) or a URL (sqlite:///abs/x.db,"
                    + " postgresql://user@host:5432/db, memory:)");
        }
        if (text.startsWith("memory:") && !text.startsWith("memory://")) {
            return memory(text, revision);
        }
        int scheme = text.indexOf("://");
        String rest = scheme < 0 ? text : text.substring(scheme + 3);
        Map<String, String> query = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        if (q >= 0) {
            for (String kv : rest.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                query.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : decode(kv.substring(eq + 1)));
            }
            rest = rest.substring(0, q);
        }
        Optional<SchemaRevision> rev = revision != null ? Optional.of(revision) : query.containsKey("revision")
                ? Optional.of(SchemaRevision.parse("storage URL option revision", query.get("revision")))
                : Optional.empty();
        if (scheme < 0) {
            // a plain path takes the same query as sqlite:///, so it never becomes part of a file name
            query.keySet().stream().filter(k -> !k.equals("revision")).findFirst().ifPresent(k -> {
                throw new UsageException("storage", text, "unknown option \"" + k + "\" after '?'; a file path takes"
                        + " only ?revision=v3.0.0.d or ?revision=v3.2.0.a (a file whose name holds '?': rename it)");
            });
            if (rest.isEmpty()) {
                throw new UsageException("storage", text, "give a file before the '?' (results/x.db?revision=...)");
            }
            return new Sqlite(Path.of(rest), rev);
        }
        String name = text.substring(0, scheme);
        switch (name) {
            case "sqlite":
                if (!rest.startsWith("/")) {
                    throw new UsageException("storage", redact(text), "a SQLite URL is sqlite:///path (three"
                            + " slashes, then the path: sqlite:///results/x.db or sqlite:////abs/x.db)");
                }
                return new Sqlite(Path.of(rest.substring(1)), rev);
            case "postgresql", "postgres", "postgresql+psycopg2", "postgresql+psycopg", "postgresql+pg8000":
                return postgres(text, rest, rev);
            case "memory":
                throw new UsageException("storage", redact(text), "a memory storage is memory: (a new one) or"
                        + " memory:NAME (shared by name in this process), without slashes");
            default:
                throw new UsageException("storage", redact(text), "unknown scheme \"" + name + "\"; sweep4j stores"
                        + " in a SQLite file (results/x.db, sqlite:///abs/x.db) or PostgreSQL"
                        + " (postgresql://user@host:5432/db), or in this process's memory (memory:, memory:NAME)");
        }
    }

    private static Memory memory(String text, SchemaRevision revision) {
        String name = text.substring("memory:".length());
        if (name.contains("?") || revision != null) {
            throw new UsageException("storage", text, "a memory storage has no schema revision (Optuna never reads"
                    + " it); drop ?revision= / schemaRevision(...), or store in a file (results/x.db?revision=...)");
        }
        return new Memory(name);
    }

    private static Postgres postgres(String text, String rest, Optional<SchemaRevision> rev) {
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new UsageException("storage", redact(text), "not a valid URL; write postgresql://user:password@host"
                    + ":5432/database (percent-encode special characters in the password)");
        }
        String user = null;
        Optional<String> password = Optional.empty();
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            if (colon >= 0) {
                password = Optional.of(decode(info.substring(colon + 1)));
            }
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? null : uri.getPath().substring(1);
        if (db == null) {
            throw new UsageException("storage", redact(text), "name the database: postgresql://user@" + host + ":"
                    + port + "/DATABASE");
        }
        return new Postgres(host, port, db, user, password, rev);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The text with the password part of a URL's user info replaced by {@code ***}. */
    static String redact(String text) {
        return text.replaceAll("(://[^/:@]*):[^@/]*@", "$1:***@");
    }
}
