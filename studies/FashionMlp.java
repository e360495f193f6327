import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;
import java.util.List;

/**
 * An overnight MLP search on full Fashion-MNIST (60 000 training images, 10 % held out for validation): the six
 * hyperparameters plus activation and batch norm, TPE, median pruning, two trials at a time, 8 hours or 200 trials.
 * Test accuracy of each trial's best epoch is stored as {@code test_accuracy}, never optimized on.
 *
 * <pre>./sweep run studies/FashionMlp.java [--timeout 1h]</pre>
 */
public class FashionMlp {
    public static void main(String[] args) {
        Study.named("fashion-mlp")
                .storage("results/fashion-mlp.db")
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 1e-4, 1e-1)
                        .choice("optimizer", "sgd", "momentum", "nesterov", "adam", "adamax", "rmsprop")
                        .when("optimizer", List.of("momentum", "nesterov"), m -> m.floatRange("momentum", 0.5, 0.99))
                        .choice("init", "xavier", "xavier_uniform", "he", "lecun", "orthogonal")
                        .floatRange("dropout", 0.0, 0.6)
                        .choice("batchSize", 32, 64, 128, 256)
                        .logFloat("l2", 1e-7, 1e-3)
                        .choice("activation", "relu", "leakyrelu", "elu")
                        .choice("batchNorm", false, true)
                        .floatRange("lrDecay", 0.8, 1.0)))
                .sampler(Samplers.tpe(1))
                .pruner(Pruners.median(8, 3))
                .objective(Dl4j.classifier(Datasets.fashionMnist()).mlp(512, 256).maxEpochs(40).patience(5))
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(200).orTime(Duration.ofHours(8)))
                .run(args);
    }
}
