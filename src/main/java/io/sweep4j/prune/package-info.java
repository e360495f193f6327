/**
 * API: within-trial stopping any objective can use ({@code EarlyStopping}, {@code DivergenceGuard}) and pruners
 * ({@code Pruners.median()}) that stop unpromising trials from their per-epoch reports.
 */
package io.sweep4j.prune;
