import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;
import java.util.List;

/**
 * An overnight search for the course notebooks' CNN (conv 5x5x32, pool 3, conv 5x5x64, pool 2, dense 200) on full
 * Fashion-MNIST, two trials at a time. Much faster with the oneDNN build of nd4j-native (the default; see README.md).
 *
 * <pre>./sweep run studies/FashionCnn.java [--timeout 1h]</pre>
 */
public class FashionCnn {
    public static void main(String[] args) {
        Study.named("fashion-cnn")
                .storage("results/fashion-cnn.db")
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 1e-4, 3e-1)
                        .choice("optimizer", "sgd", "nesterov", "adam", "rmsprop")
                        .when("optimizer", List.of("nesterov"), m -> m.floatRange("momentum", 0.5, 0.99))
                        .choice("init", "xavier", "he", "orthogonal")
                        .floatRange("dropout", 0.0, 0.6)
                        .choice("batchSize", 32, 64, 128)
                        .logFloat("l2", 1e-7, 1e-3)
                        .choice("batchNorm", false, true)
                        .floatRange("lrDecay", 0.8, 1.0)))
                .sampler(Samplers.tpe(2))
                .pruner(Pruners.median(6, 2))
                .objective(Dl4j.classifier(Datasets.fashionMnist()).cnn().maxEpochs(30).patience(4))
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(100).orTime(Duration.ofHours(8)))
                .run(args);
    }
}
