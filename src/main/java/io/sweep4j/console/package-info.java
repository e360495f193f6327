/**
 * Internal: the terminal of a command-line run ({@code Study.run(args)}) — live display, start banner, end summary,
 * the study options of a study file's {@code main}, Ctrl-C. Below {@code study}, which calls it; it takes plain
 * trial-layer values, so it imports nothing above {@code store}. Public only for {@code study}; not for use from
 * other code.
 */
package io.sweep4j.console;
