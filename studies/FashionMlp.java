import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;

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
                // the courses' priors narrow the space, so even a one-hour budget spends its trials where good
                // networks are: Adam-family updaters near 1e-3, He/Xavier/orthogonal init, moderate dropout, a rate
                // that steps down late. A user with the night to spend widens it (sgd, momentum, lr up to 1e-1, ...).
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 2e-4, 4e-3)
                        .choice("optimizer", "adam", "adamax", "nadam")
                        .choice("init", "xavier", "he", "orthogonal")
                        .floatRange("dropout", 0.1, 0.5)
                        .choice("batchSize", 64, 128, 256)
                        .logFloat("l2", 1e-7, 1e-4)
                        .choice("activation", "relu", "leakyrelu", "elu")
                        .choice("batchNorm", false, true)
                        .floatRange("lrDecay", 0.85, 1.0)))
                .sampler(Samplers.tpe(1))
                .pruner(Pruners.median(6, 3))
                .objective(Dl4j.classifier(Datasets.fashionMnist()).mlp(512, 256).maxEpochs(40).patience(6))
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(200).orTime(Duration.ofHours(8)))
                .run(args);
    }
}
