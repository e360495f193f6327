package io.sweep4j.study;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Tells the run's listener when a claim takes long, so a person watching knows the run waits and on what: a claim
 * waits when another process holds the SQLite file's write lock or a server's study row (the storage retries
 * quietly for up to its busy timeout, which would otherwise look like a hung run).
 */
final class SlowStorageNotice implements AutoCloseable {
    /** A claim normally takes milliseconds; past this it is waiting on a lock, not working. */
    static final Duration AFTER = Duration.ofSeconds(1);

    private final RunListener listener;
    private final String location;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sweep4j-slow-storage");
        t.setDaemon(true);
        return t;
    });

    SlowStorageNotice(RunListener listener, String location) {
        this.listener = listener;
        this.location = location;
    }

    /** Runs {@code call}; if it is still running after {@link #AFTER}, the listener hears that the run waits. */
    <T> T during(Supplier<T> call) {
        ScheduledFuture<?> notice = timer.schedule(() -> listener.waiting("the storage is busy (" + location
                + "): another process holds its lock; the claim waits for it"), AFTER.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return call.get();
        } finally {
            notice.cancel(false);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
