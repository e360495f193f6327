import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;
import java.util.List;

/**
 * The README demo: 20 trials of a small MLP on the embedded Fashion-MNIST mini set (no download), two at a time.
 * About a minute on 2 cores. Run it again to continue the study; {@code --trials 40} to extend it.
 *
 * <pre>./sweep run studies/QuickStart.java</pre>
 */
public class QuickStart {
    public static void main(String[] args) {
        Study.named("quickstart")
                .storage("results/quickstart.db")
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 1e-4, 1e-1)
                        .choice("optimizer", "sgd", "nesterov", "adam", "rmsprop")
                        .when("optimizer", List.of("nesterov"), n -> n.floatRange("momentum", 0.5, 0.99))
                        .choice("init", "xavier", "he", "orthogonal")
                        .floatRange("dropout", 0.0, 0.5)
                        .choice("batchSize", 32, 64, 128)
                        .logFloat("l2", 1e-6, 1e-2)))
                .sampler(Samplers.tpe(42))
                .pruner(Pruners.asha(1, 3))
                .objective(Dl4j.classifier(Datasets.fashionMnistMini()).mlp(256, 128).maxEpochs(8).patience(3))
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(20).orTime(Duration.ofMinutes(3)))
                .run(args);
    }
}
