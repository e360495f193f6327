package io.sweep4j.resume;

import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Objective;
import io.sweep4j.study.Study;
import java.util.Map;

/**
 * A two-objective constrained study under NSGA-II (population 6) in a child JVM, for {@link Nsga2KillTest}. Args:
 * {@code <db> <budget>}. Prints {@code EVALUATED n} as each trial's values are measured (about 20 ms each).
 */
public final class Nsga2ChildStudy {
    static final SearchSpace SPACE = SearchSpace.builder().logFloat("lr", 1e-5, 1e-1).intRange("width", 1, 64)
            .choice("act", "relu", "tanh").build();

    private Nsga2ChildStudy() {
    }

    public static void main(String[] args) {
        Study.named("pareto").storage(args[0])
                .space(SPACE)
                .sampler(Samplers.nsga2(17).population(6))
                .objective(Objective.named(t -> {
                    Thread.sleep(20);
                    double a = Math.log10(t.getDouble("lr")) + 3;
                    double width = t.getInt("width");
                    double act = t.getString("act").equals("relu") ? 0 : 0.1;
                    System.out.println("EVALUATED " + t.number());
                    System.out.flush();
                    return Map.of("error", a * a + act + 1 / width, "cost", width / 64 + act);
                }))
                .minimize("error").minimize("cost")
                .constraint("cost", "<=", 0.75)
                .parallelism(1)
                .budget(Budget.trials(Integer.parseInt(args[1])))
                .optimize();
        System.out.println("DONE");
    }
}
