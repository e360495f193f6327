package io.sweep4j.store;

import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * Waits for another connection's lock, for at most the given time (then SQLITE_BUSY, which
 * {@link SqliteStorage} retries with backoff). SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20, 25 ... ms
 * between attempts; a state change holds the write lock for a fraction of a millisecond, so with several
 * processes on one study most of their time went to sleeping on a lock that was long free. This handler
 * yields first, then parks for tens of microseconds, and only sleeps milliseconds after a long wait.
 */
final class PromptBusyHandler extends BusyHandler {
    private final int timeoutMs;
    private long since;

    PromptBusyHandler(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    protected int callback(int previousCalls) {
        long now = System.nanoTime();
        if (previousCalls == 0) {
            since = now;
        }
        long waitedMs = (now - since) / 1_000_000;
        if (waitedMs >= timeoutMs) {
            return 0;
        }
        if (previousCalls < 16) {
            Thread.yield();
        } else if (waitedMs < 50) {
            LockSupport.parkNanos(50_000);
        } else {
            LockSupport.parkNanos(Math.min(20, waitedMs / 50) * 1_000_000L);
        }
        return 1;
    }
}
