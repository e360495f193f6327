import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;

/**
 * The second, fine stage after {@code FashionCnn}: the course notebooks' CNN searched only around what FashionCnn's
 * hours found best (results/benchmarks/quality.md), so that an hour goes to good configurations trained long enough.
 *
 * <pre>./sweep run studies/FashionCnnFine.java [--timeout 1h]</pre>
 */
public class FashionCnnFine {
    public static void main(String[] args) {
        Study.named("fashion-cnn-fine")
                .storage("results/fashion-cnn-fine.db")
                // FashionCnn's best trials (val 0.930-0.933): Adam at 2e-3-5e-3 stepped down ~9 % per epoch, batch
                // 64 with batch norm, light dropout; they peaked between epochs 20 and 26
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 2e-3, 5e-3)
                        .choice("optimizer", "adam")
                        .choice("init", "xavier", "he")
                        .floatRange("dropout", 0.1, 0.3)
                        .choice("batchSize", 64)
                        .logFloat("l2", 1e-6, 1e-4)
                        .choice("batchNorm", true)
                        .floatRange("lrDecay", 0.88, 0.93)))
                .sampler(Samplers.tpe(2))
                .pruner(Pruners.median(4, 3))
                .objective(Dl4j.classifier(Datasets.fashionMnist()).cnn().mirrorImages(true).maxEpochs(26)
                        .patience(5))
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(100).orTime(Duration.ofHours(8)))
                .run(args);
    }
}
