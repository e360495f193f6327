package io.sweep4j.trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of failure among a study's failed trials, as the end summary and the report print it: a readable name,
 * how many trials failed so, and the one that ended last, whose reason is shown in full with its real numbers
 * ({@code diverged (the loss became NaN or infinite) ×2, e.g. trial 7: diverged at epoch 2, iteration 40: loss=NaN
 * ...}). Reasons are grouped by {@link #key(String)}: the reason with its numbers blanked, so "diverged at epoch 2"
 * and "diverged at epoch 5" are one kind.
 */
public record FailureKind(String name, int count, FrozenTrial example) {
    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?(\\d+(\\.\\d+)?([eE][-+]?\\d+)?|NaN|Infinity)");
    /** How {@code DivergenceGuard} words its reason: {@code diverged at ...: loss=... (why); lower the ...}. */
    private static final Pattern DIVERGED = Pattern.compile("^diverged\\b(?:.*?\\((.*?)\\)[^()]*)?.*$",
            Pattern.DOTALL);
    private static final Pattern EXCEPTION = Pattern.compile("^([A-Za-z_$][\\w$.]*(Exception|Error))\\b.*",
            Pattern.DOTALL);
    private static final String NO_REASON = "no reason stored";

    /**
     * The failed trials of {@code h} that failed by themselves, by kind, most frequent first (ties: the kind seen
     * first). Interrupted trials (Ctrl-C, a kill, a lost worker) are left out: they say nothing about their
     * parameters, and a study run in chunks holds many.
     */
    public static List<FailureKind> of(History h) {
        Map<String, List<FrozenTrial>> byKey = new LinkedHashMap<>();
        for (FrozenTrial t : h.inState(TrialState.FAIL)) {
            if (!t.interrupted()) {
                byKey.computeIfAbsent(key(reason(t)), k -> new ArrayList<>()).add(t);
            }
        }
        List<FailureKind> kinds = new ArrayList<>();
        for (List<FrozenTrial> group : byKey.values()) {
            FrozenTrial latest = group.stream().max(FrozenTrial.BY_END).orElseThrow();
            kinds.add(new FailureKind(name(reason(latest)), group.size(), latest));
        }
        // a stable sort: equal counts keep the order their kinds first failed in
        kinds.sort((a, b) -> Integer.compare(b.count, a.count));
        return List.copyOf(kinds);
    }

    /** What groups reasons: the reason with every number (also NaN, Infinity) blanked to {@code #}. */
    public static String key(String reason) {
        return NUMBER.matcher(reason).replaceAll("#").replaceAll("\\s+", " ").strip();
    }

    /**
     * A kind's name as a reader wants it: {@code diverged (the loss became NaN or infinite)}, {@code out of memory},
     * an exception's simple class name, or else the reason's first clause, up to its first number or colon.
     */
    public static String name(String reason) {
        String r = reason.strip();
        Matcher d = DIVERGED.matcher(r);
        if (d.matches()) {
            String why = d.group(1);
            if (why == null) {
                return "diverged";
            }
            return "diverged (" + (why.contains("not finite") ? "the loss became NaN or infinite"
                    : why.contains("mean loss") ? "the loss rose far above its start" : key(why)) + ")";
        }
        Matcher e = EXCEPTION.matcher(r);
        if (e.matches()) {
            String cls = e.group(1);
            return cls.substring(cls.lastIndexOf('.') + 1);
        }
        // "no data at 0.3" is the kind "no data": the words that led to the number go with it
        String clause = r.split("[:;(=]|[-+]?\\d", 2)[0].strip()
                .replaceAll("(\\s+(at|of|in|on|for|to|with|by|after|from|is|was|epoch|step|iteration|trial))+$", "");
        return clause.isEmpty() ? key(r) : clause;
    }

    /** The reason a failed trial stored, or a placeholder when it stored none (a trial failed by Optuna). */
    public static String reason(FrozenTrial t) {
        return t.failReason().filter(s -> !s.isBlank()).orElse(NO_REASON);
    }

    /** {@code diverged (...) ×2, e.g. trial 7: diverged at epoch 2, iteration 40: loss=NaN (...)}. */
    public String describe() {
        return name + " ×" + count + (count > 1 ? ", e.g. trial " : ", trial ") + example.number() + ": "
                + reason(example);
    }
}
