package io.sweep4j.cli;

import picocli.CommandLine.Option;

/** The {@code --format} of commands that print rows: a table to read, or csv/json at full precision to process. */
final class TableFormat {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = {"table: aligned, numbers to 5 significant digits,",
                "paths relative to the working directory, else",
                ".../study/trial-3/model.zip (default);",
                "csv: RFC 4180, full precision; json: an array of objects, full precision",
                "(infinities and NaN: inf, -inf, nan in csv; \"Infinity\", \"-Infinity\", \"NaN\" in json)"})
    String format;

    OutputFormat get() {
        return OutputFormat.parse(format);
    }
}
