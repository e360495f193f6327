import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Blocks;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;

/**
 * The CNN for a size and a speed on full Fashion-MNIST: maximizes validation accuracy while minimizing the parameter
 * count and the time to classify one image (batch 1, measured after training), under a hard limit of one million
 * parameters (a constraint: heavier networks are never on the front). The network is searched from small (8 filters,
 * a 32-wide dense layer, global pooling: a few thousand parameters) to large (64 filters doubling, flatten, 512), with
 * FashionCnnSearch's training settings. Multi-objective TPE, pruning of the worst tenth on validation accuracy, two
 * trials at a time; each trial's test accuracy is stored but never optimized on. Pick from {@code sweep best}'s front by
 * validation accuracy, then read the chosen trial's test accuracy.
 *
 * <pre>./sweep run studies/FashionCnnPareto.java [--timeout 2h]</pre>
 */
public class FashionCnnPareto {
    public static void main(String[] args) {
        Study.named("fashion-cnn-pareto")
                .storage("results/fashion-cnn-pareto.db")
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 1e-3, 6e-3)
                        .choice("optimizer", "adam")
                        .choice("init", "he", "xavier")
                        .floatRange("dropout", 0.1, 0.4)
                        .choice("batchSize", 64, 128)
                        .logFloat("l2", 1e-7, 1e-4)
                        .choice("batchNorm", true)
                        .floatRange("lrDecay", 0.85, 0.95)))
                .sampler(Samplers.tpe(5))
                // prune only the worst tenth on validation accuracy: a small network is less accurate and still belongs
                // on the front, so a rule that keeps the top third (ASHA) would throw away what the study is for
                .pruner(Pruners.percentile(90, 4, 1))
                .objective(Dl4j.classifier(Datasets.fashionMnist())
                        // 28 -> 14 -> 7 -> 3: every combination keeps at least 3x3 (checked at definition)
                        .cnn(Blocks.count("blocks", 2, 3)
                                .filtersDoubling("filters", 8, 64)
                                .convs("convs", 1, 2)
                                .head("head", "flatten", "global")
                                .dense("dense", 32, 512))
                        .mirrorImages(true).evaluateMirrored(true)
                        .maxEpochs(20).patience(4))
                .maximize("val_accuracy")
                .minimize("param_count")
                .minimize("inference_ms_batch1")
                .constraint("param_count", "<=", 1_000_000)
                .parallelism(2)
                .budget(Budget.trials(100).orTime(Duration.ofHours(2)))
                .run(args);
    }
}
