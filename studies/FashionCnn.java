import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.prune.Pruners;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import java.time.Duration;

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
                // narrowed by the courses' priors and the earlier hours' sweeps (results/benchmarks/quality.md): a CNN
                // trial costs minutes, so even an hour should not go to rates that diverge, to plain SGD, to
                // networks without batch norm (the five best of the first hour all had it), to batches of 128 or to
                // rates below 2e-3 and dropout above 0.35 (none of the good trials of three hours had them). No
                // nadam: DL4J's Nadam lacks the second moment's bias correction, and its first steps (~30x lr) can
                // wreck a CNN for epochs.
                .space(Dl4j.space(s -> s
                        .logFloat("lr", 2e-3, 8e-3)
                        .choice("optimizer", "adam", "adamax")
                        .choice("init", "xavier", "he")
                        .floatRange("dropout", 0.1, 0.35)
                        .choice("batchSize", 64)
                        .logFloat("l2", 1e-7, 1e-4)
                        .choice("batchNorm", true)
                        .floatRange("lrDecay", 0.85, 0.95)))
                .sampler(Samplers.tpe(2))
                .pruner(Pruners.median(4, 3))
                // that hour's best overfit from epoch 14 on (train loss 0.11, validation loss rising to 0.22):
                // mirrored clothes are still clothes, and more epochs let the smaller steps of a decayed rate work
                // (a second hour's best was still improving at epoch 26 of 30). Not shiftImages: this small network
                // underfits with it (2 pixels: train loss 0.27 above validation loss 0.23, val 0.916 at epoch 28)
                // and scored as it was trained: validation and test images by the mean of both views' predictions
                .objective(Dl4j.classifier(Datasets.fashionMnist()).cnn().mirrorImages(true).evaluateMirrored(true)
                        .maxEpochs(36).patience(6))
                .maximize("val_accuracy")
                .parallelism(2)
                .budget(Budget.trials(100).orTime(Duration.ofHours(8)))
                .run(args);
    }
}
