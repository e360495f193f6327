import io.sweep4j.data.Datasets;
import io.sweep4j.dl4j.Dl4j;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.study.Study;

/**
 * The course notebooks' hand-tried settings as one grid on their MLP (784-200-100-10) and full Fashion-MNIST:
 * learning rates 100, 10, 1, 0.2 and 0.001 with SGD and with Adam (the notebooks' Adam used 1e-3), weight decay
 * (L2) 0, 0.1, 1 and 10, and Xavier vs He init: 80 trials, those that blow up end in seconds as "diverged".
 * Then {@code ./sweep best results/notebooks.db} shows which of the notebooks' guesses was right.
 *
 * <pre>./sweep run studies/CourseNotebooks.java</pre>
 */
public class CourseNotebooks {
    public static void main(String[] args) {
        Study.named("course-notebooks")
                .storage("results/notebooks.db")
                .space(Dl4j.space(s -> s
                        .choice("optimizer", "sgd", "adam")
                        .choice("lr", 100.0, 10.0, 1.0, 0.2, 0.001)
                        .choice("l2", 0.0, 0.1, 1.0, 10.0)
                        .choice("init", "xavier", "he")
                        .choice("batchSize", 100)))
                .sampler(Samplers.grid())
                .objective(Dl4j.classifier(Datasets.fashionMnist()).mlp(200, 100).maxEpochs(10).patience(3))
                .maximize("val_accuracy")
                .parallelism(2)
                .run(args);
    }
}
