package io.sweep4j.bench;

import io.sweep4j.space.UsageException;

/** Reads a benchmark's command-line flags; a wrong one is a usage error (exit 2) naming the flag, value and fix. */
final class BenchArgs {
    private BenchArgs() {
    }

    /** The value after flag {@code args[at]}, which must be a whole number of at least 1. */
    /** A seed: any whole number, 0 and negative ones included. */
    static long seed(String[] args, int at) {
        String text = valueOf(args, at);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(args[at], text, "give a whole number, e.g. " + args[at] + " 8");
        }
    }

    static int positive(String[] args, int at) {
        String flag = args[at];
        String text = valueOf(args, at);
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, as a value that is not a whole number >= 1
        }
        throw new UsageException(flag, text, "give a whole number >= 1, e.g. " + flag + " 2");
    }

    /** The value after flag {@code args[at]}. */
    static String valueOf(String[] args, int at) {
        if (at + 1 >= args.length) {
            throw new UsageException(args[at], "(nothing)", "give a value after " + args[at]);
        }
        return args[at + 1];
    }

    /** The error for an argument the benchmark does not know. */
    static UsageException unknown(String arg, String valid) {
        return new UsageException("argument", arg, "valid: " + valid);
    }
}
