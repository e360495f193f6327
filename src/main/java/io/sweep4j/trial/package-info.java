/** API: what samplers, pruners and storage share: trial states, trial records ({@code FrozenTrial}), history. */
package io.sweep4j.trial;
