package io.sweep4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Every {@code --help} as a terminal shows it: no picocli warning, whole summaries, URLs on one line. */
class HelpTest {
    private static final String MARK = "=== ";

    /** Prints {@code sweep --help} and each command's {@code --help}, each after a marker on both streams. */
    public static void main(String[] args) {
        List<List<String>> pages = new ArrayList<>();
        pages.add(List.of("--help"));
        for (String name : new CommandLine(new Main()).getSubcommands().keySet()) {
            pages.add(List.of(name, "--help"));
        }
        for (List<String> page : pages) {
            String label = MARK + String.join(" ", page);
            System.out.println(label);
            System.err.println(label);
            System.out.flush();
            System.err.flush();
            Main.execute(page.toArray(new String[0]));
            System.out.flush();
            System.err.flush();
        }
    }

    /** The help pages and what went to standard error with each, from a fresh JVM (picocli warns there once). */
    private static Map<String, String[]> pages() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                HelpTest.class.getName());
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                err.completeExceptionally(e);
            }
        });
        t.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the help pages did not finish");
        assertEquals(0, p.exitValue());
        Map<String, String> outs = split(out);
        Map<String, String> errs = split(err.get(60, TimeUnit.SECONDS));
        Map<String, String[]> pages = new LinkedHashMap<>();
        outs.forEach((k, v) -> pages.put(k, new String[] {v, errs.getOrDefault(k, "")}));
        return pages;
    }

    private static Map<String, String> split(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String key = null;
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith(MARK)) {
                if (key != null) {
                    out.put(key, sb.toString());
                }
                key = line.substring(MARK.length());
                sb.setLength(0);
            } else if (key != null) {
                sb.append(line).append('\n');
            }
        }
        if (key != null) {
            out.put(key, sb.toString());
        }
        return out;
    }

    @Test
    void everyHelpPageIsFreeOfWarningsKeepsUrlsWholeAndSummarizesEachCommandInOneSentence() throws Exception {
        Map<String, String[]> pages = pages();
        CommandLine root = new CommandLine(new Main());
        assertEquals(root.getSubcommands().size() + 1, pages.size(), pages.keySet().toString());
        Pattern url = Pattern.compile("[a-z]+://[^\\s,;)]+");
        for (var e : pages.entrySet()) {
            String help = e.getValue()[0];
            assertTrue(help.contains("Usage: sweep"), e.getKey() + ":\n" + help);
            assertEquals("", e.getValue()[1].strip(), "sweep " + e.getKey() + " printed to standard error");
            String name = e.getKey().replace("--help", "").trim();
            CommandSpec spec = name.isEmpty() ? root.getCommandSpec() : root.getSubcommands().get(name).getCommandSpec();
            List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
            spec.args().forEach(a -> texts.addAll(List.of(a.description())));
            for (String text : texts) {
                Matcher m = url.matcher(text);
                while (m.find()) {
                    assertTrue(help.contains(m.group()), "sweep " + e.getKey() + " breaks " + m.group() + ":\n" + help);
                }
            }
            // a description is paragraphs picocli wraps, never lines cut by hand in the middle of a sentence
            for (String line : spec.usageMessage().description()) {
                assertTrue(line.isEmpty() || line.startsWith(" ") || line.matches("(?s).*[.:;]\\)?(%n)?$"),
                        "sweep " + e.getKey() + ": a paragraph cut mid-sentence: \"" + line + "\"");
                // an indented line is a row of a table aligned by hand: it must fit, unwrapped
                assertTrue(!line.startsWith(" ") || help.contains(line + "\n"),
                        "sweep " + e.getKey() + ": a table row wrapped: \"" + line + "\"");
            }
        }
        // sweep --help: each command's summary is its header or first sentence, whole, on one line
        List<String> commands = pages.get("--help")[0].lines().dropWhile(l -> !l.equals("Commands:")).skip(1)
                .takeWhile(l -> l.startsWith("  ")).toList();  // the footer follows the command list
        assertEquals(root.getSubcommands().size(), commands.size(), "one line per command:\n" + commands);
        for (String line : commands) {
            String name = line.trim().split("\\s+")[0];
            String summary = line.trim().substring(name.length()).trim();
            var usage = root.getSubcommands().get(name).getCommandSpec().usageMessage();
            assertEquals(usage.header().length > 0 ? usage.header()[0] : usage.description()[0], summary, name);
            assertTrue(summary.endsWith("."), name + ": " + summary);
        }
    }
}
