package io.sweep4j.store;

import java.util.Map;
import java.util.Set;

/**
 * What the engine asks of a reservation, all decided from data it passes in: the budget ({@code maxCounted} counted
 * trials, negative for none), the system attributes to store on the reserved trial (its worker record; a retry's
 * {@code sweep4j:retry_of}; a grid point), which of them no other trial of the study may hold with the same value
 * (a retry's {@code sweep4j:retry_of}, so two workers never retry one trial; a grid point), and what the decision
 * was made from: the trials up to id {@code knownTrials} (the engine vouches that none of them holds a unique value;
 * the storage checks the newer ones) and {@code knownInterrupted} interrupted trials (more now: the engine decides
 * again, a retry may be due; negative: not checked). A reservation with unique keys is a new trial, never an
 * enqueued one.
 */
public record Reservation(int maxCounted, Map<String, Object> attributes, Set<String> uniqueKeys, long knownTrials,
        int knownInterrupted) {

    public Reservation {
        attributes = Map.copyOf(attributes);
        uniqueKeys = Set.copyOf(uniqueKeys);
        if (!attributes.keySet().containsAll(uniqueKeys)) {
            throw new IllegalArgumentException("unique keys " + uniqueKeys + " must be among the attributes "
                    + attributes.keySet());
        }
    }

    /** A reservation of the oldest enqueued trial or a new number, with these attributes, checking nothing else. */
    public static Reservation of(int maxCounted, Map<String, Object> attributes) {
        return new Reservation(maxCounted, attributes, Set.of(), 0, -1);
    }
}
