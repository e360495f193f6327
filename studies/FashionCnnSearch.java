import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Blocks;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;

/**
 * Searches the CNN itself on full Fashion-MNIST, with its training settings: 2 or 3 convolution blocks of 1 or 2
 * 3x3 convolutions (first block's filters 24..64, doubling per block), batch norm, max pooling, flatten or global
 * average pooling, a dense layer of 128..512; TPE, ASHA pruning, two trials at a time. Each trial stores its
 * parameter count and training samples/s; when the budget ends, the best configuration is retrained on training +
 * validation images for its best epoch count ({@code refit_test_accuracy} on that trial).
 *
 * <pre>./sweep run studies/FashionCnnSearch.java [--timeout 1h]</pre>
 */
public class FashionCnnSearch {
    public static void main(String[] args) {
        Study.named("fashion-cnn-search")
                .storage("results/fashion-cnn-search.db")
                // the training settings FashionCnn's hours found good (Adam near 2e-3..8e-3, batch norm, moderate
                // dropout, late decay), so the trials go to the network; a bigger network affords a lower rate
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 1e-3, 6e-3)
                        .choice("optimizer", "adam")
                        .choice("init", "he", "xavier")
                        .floatRange("dropout", 0.15, 0.45)
                        .choice("batchSize", 64, 128)
                        .logFloat("l2", 1e-7, 1e-4)
                        .choice("batchNorm", true)
                        .floatRange("lrDecay", 0.85, 0.95)))
                .sampler(Samplers.tpe(3))
                // ASHA, as the pruning benchmark found best (results/benchmarks/pruning.md): a network costs 1 to 4+
                // minutes an epoch here, and the median rule waits for 4 complete trials before it prunes anything, so
                // one slow, poor network could hold a slot for two hours; ASHA compares every trial at epochs 1, 3, 9, 27
                .pruner(Pruners.asha(1, 3))
                .objective(Dl4j.classifier(Datasets.fashionMnist())
                        // 28 -> 14 -> 7 -> 3: every combination keeps at least 3x3 (checked at definition)
                        .cnn(Blocks.count("blocks", 2, 3)
                                .filtersDoubling("filters", 24, 64)
                                .convs("convs", 1, 2)
                                .head("head", "flatten", "global")
                                .dense("dense", 128, 512))
                        .mirrorImages(true).evaluateMirrored(true)
                        .maxEpochs(30).patience(5)
                        .refit(true))
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(100).orTime(Duration.ofHours(8)))
                .run(args);
    }
}
