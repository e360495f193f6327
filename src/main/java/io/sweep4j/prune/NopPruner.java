package io.sweep4j.prune;

/** Never prunes; the default. */
public record NopPruner() implements Pruner {
    @Override
    public Decision judge(PruningContext context) {
        return Decision.keep();
    }

    @Override
    public String describe() {
        return "none";
    }
}
