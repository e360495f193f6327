package io.sweep4j.dashboard;

import io.sweep4j.store.StudyGlimpse;
import io.sweep4j.store.StudyInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the dashboard shows while it reads the storage's studies in full for the first time: a glimpse of each (its
 * counts exact, a sample of its trials), taken in a fraction of a second, so that a study of 100 000 trials opens at
 * once; meanwhile every study's full history is read in the background, smallest first (the storage keeps it, so
 * each later poll reads only what changed), and a study's pages show its glimpse until its own full read is done.
 */
final class FirstLooks {
    /** Trials a glimpse reads in full: enough for each chart to show the study's shape, few enough to draw at once. */
    static final int SAMPLE = 600;
    /** How long a page waits for the glimpses before it reads the storage itself (they take well under a second). */
    private static final Duration GLIMPSE_WAIT = Duration.ofSeconds(20);

    /** The studies as first seen, their glimpses, and when the full reads began. */
    record Snapshot(List<StudyInfo> studies, Map<Long, StudyGlimpse> looks, Instant since) {
    }

    private final int sample;
    private volatile Snapshot snapshot;
    private final Set<Long> pending = ConcurrentHashMap.newKeySet();
    /** Open once the glimpses are taken (or failed): a page asked for before then waits for them, not a full read. */
    private final CountDownLatch taken = new CountDownLatch(1);

    /** {@code sample}: trials each glimpse reads in full. */
    FirstLooks(int sample) {
        this.sample = sample;
    }

    /**
     * Takes the glimpses, hands the name of each study sampled (not read whole) to {@code sampled} (to render its
     * page), then reads each study in full; returns when every study has been read (or failed).
     */
    void run(StorageWatch watch, Clock clock, Consumer<String> sampled) {
        Optional<Snapshot> first;
        try {
            first = watch.read(s -> {
                Map<Long, StudyGlimpse> looks = new LinkedHashMap<>();
                List<StudyInfo> studies = s.studies();
                studies.forEach(i -> looks.put(i.studyId(), s.glimpse(i.studyId(), sample)));
                return new Snapshot(studies, looks, clock.instant());
            });
            first.ifPresent(f -> {
                pending.addAll(f.looks().keySet());
                snapshot = f;
            });
        } finally {
            taken.countDown();
        }
        if (first.isEmpty()) {
            return;
        }
        Map<Long, StudyGlimpse> looks = first.get().looks();
        first.get().studies().stream().filter(i -> !looks.get(i.studyId()).complete())
                .forEach(i -> sampled.accept(i.name()));
        List<Long> order = looks.keySet().stream()
                .sorted(Comparator.comparingInt((Long id) -> looks.get(id).total())).toList();
        for (long id : order) {
            // a failed read is said by the watch; the study's pages then read it themselves, as every later poll does
            watch.read(s -> s.history(id));
            pending.remove(id);
        }
        snapshot = null;
    }

    /** The study list as first seen, while some study's full history is still being read. */
    Optional<Snapshot> list() {
        awaitTaken();
        Snapshot s = snapshot;
        return s == null || pending.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** The glimpse of study {@code name}, while its full history is still being read. */
    Optional<Map.Entry<StudyInfo, StudyGlimpse>> study(String name) {
        awaitTaken();
        Snapshot s = snapshot;
        if (s == null) {
            return Optional.empty();
        }
        return s.studies().stream().filter(i -> i.name().equals(name) && pending.contains(i.studyId())).findFirst()
                .map(i -> Map.entry(i, s.looks().get(i.studyId())));
    }

    private void awaitTaken() {
        try {
            taken.await(GLIMPSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
