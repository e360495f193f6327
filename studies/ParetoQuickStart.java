import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.dl4j.Layers;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;

/**
 * Two objectives on the embedded Fashion-MNIST mini set (no download): the most accurate MLP for its size. The MLP's
 * depth and widths are searched with its training settings; each trial's validation accuracy is maximized and its
 * parameter count minimized, so the study finds the trade-off, not one winner: {@code sweep best} prints the Pareto
 * front and the report draws it. Pruning acts on validation accuracy per epoch and stops only the worst tenth (a less
 * accurate but smaller network belongs on the front). Under two minutes on 2 cores.
 *
 * <pre>./sweep run studies/ParetoQuickStart.java
 * ./sweep best results/pareto-quickstart.db</pre>
 */
public class ParetoQuickStart {
    public static void main(String[] args) {
        Study.named("pareto-quickstart")
                .storage("results/pareto-quickstart.db")
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 3e-4, 1e-2)
                        .choice("optimizer", "adam")
                        .choice("init", "he", "xavier")
                        .floatRange("dropout", 0.0, 0.4)
                        .choice("batchSize", 32, 64)))
                .sampler(Samplers.tpe(42))
                // prune only the worst tenth on validation accuracy: a small network is less accurate and still belongs
                // on the front, so a rule that keeps the top third (ASHA) would throw away what the study is for
                .pruner(Pruners.percentile(90, 4, 1))
                .objective(Dl4j.classifier(Datasets.fashionMnistMini())
                        .mlp(Layers.depth("layers", 1, 2).width("width", 8, 512))
                        .maxEpochs(6).patience(2))
                .maximize("val_accuracy")
                .minimize("param_count")
                .parallelism(2)
                .budget(Budget.trials(30).orTime(Duration.ofSeconds(100)))
                .run(args);
    }
}
