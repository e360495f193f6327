/** Internal: the {@code sweep} command (argument parsing and printing); not for use from other code. */
package io.sweep4j.cli;
