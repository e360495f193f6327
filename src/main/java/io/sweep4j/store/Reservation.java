package io.sweep4j.store;

import java.util.Map;
import java.util.Set;

/**
 * What the engine asks of a reservation, all decided from data it passes in: the budget ({@code maxCounted} counted
 * trials, negative for none), the system attributes to store on the reserved trial (its worker record; a retry's
 * {@code sweep4j:retry_of}), and which of them no other trial of the study may hold with the same value (a retry's
 * {@code sweep4j:retry_of}, so two workers never retry one trial). A reservation with such keys is a new trial,
 * never an enqueued one.
 */
public record Reservation(int maxCounted, Map<String, Object> attributes, Set<String> uniqueKeys) {

    public Reservation {
        attributes = Map.copyOf(attributes);
        uniqueKeys = Set.copyOf(uniqueKeys);
        if (!attributes.keySet().containsAll(uniqueKeys)) {
            throw new IllegalArgumentException("unique keys " + uniqueKeys + " must be among the attributes "
                    + attributes.keySet());
        }
    }

    /** A reservation of the oldest enqueued trial or a new number, with these attributes. */
    public static Reservation of(int maxCounted, Map<String, Object> attributes) {
        return new Reservation(maxCounted, attributes, Set.of());
    }
}
