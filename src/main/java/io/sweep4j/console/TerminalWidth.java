package io.sweep4j.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The terminal's width in columns: {@code stty size} on the controlling terminal, else $COLUMNS, else 100. */
final class TerminalWidth {
    private static final int FALLBACK = 100;

    private TerminalWidth() {
    }

    static int columns() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            if (p.waitFor(2, TimeUnit.SECONDS)) {
                String[] parts = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim()
                        .split("\\s+");
                // a pseudo-terminal nobody sized (script, CI) reports 0 columns
                if (parts.length == 2 && Integer.parseInt(parts[1]) > 0) {
                    return Integer.parseInt(parts[1]);
                }
            } else {
                p.destroyForcibly();
            }
        } catch (IOException | NumberFormatException e) {
            // no terminal or no stty: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", ""));
        } catch (NumberFormatException e) {
            return FALLBACK;
        }
    }
}
