/** API: what samplers, pruners and storage share — trial states and records ({@code FrozenTrial}), a study's history. */
package io.sweep4j.trial;
