import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.dl4j.Layers;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;

/**
 * Searches the MLP itself on full Fashion-MNIST, with its training settings: 1 to 3 hidden layers, each 128..2048
 * wide on a log scale ({@code width_k} exists only in trials with k or more layers); TPE, ASHA pruning, two trials
 * at a time. Each trial stores its parameter count and training samples/s; when the budget ends, the best
 * configuration is retrained on training + validation images for its best epoch count.
 *
 * <pre>./sweep run studies/FashionMlpSearch.java [--timeout 1h]</pre>
 */
public class FashionMlpSearch {
    public static void main(String[] args) {
        Study.named("fashion-mlp-search")
                .storage("results/fashion-mlp-search.db")
                // FashionMlp's priors (Adam family near 1e-3, moderate dropout, late decay); the network is searched
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 2e-4, 4e-3)
                        .choice("optimizer", "adam", "adamax")
                        .choice("init", "xavier", "he")
                        .floatRange("dropout", 0.1, 0.5)
                        .choice("batchSize", 64, 128, 256)
                        .logFloat("l2", 1e-7, 1e-4)
                        .choice("activation", "relu", "leakyrelu", "elu")
                        .choice("batchNorm", false, true)
                        .floatRange("lrDecay", 0.85, 1.0)))
                .sampler(Samplers.tpe(4))
                // ASHA, as the pruning benchmark found best on this MLP template (results/benchmarks/pruning.md)
                .pruner(Pruners.asha(1, 3))
                .objective(Dl4j.classifier(Datasets.fashionMnist())
                        .mlp(Layers.depth("layers", 1, 3).width("width", 128, 2048))
                        .maxEpochs(40).patience(6)
                        .refit(true))
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(200).orTime(Duration.ofHours(8)))
                .run(args);
    }
}
