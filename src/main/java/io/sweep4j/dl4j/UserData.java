package io.sweep4j.dl4j;

import io.sweep4j.space.UsageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Data a user already has, for {@link Dl4j#classifier(UserData)} and {@link Dl4j#regression(UserData)}: a training and
 * a validation set (models are chosen on it) and optionally a test set (only reported), as ND4J {@link DataSet}s or
 * {@link DataSetIterator}s, features and labels as the user prepared them (sweep4j does not normalize them).
 *
 * <p>Iterators are read once, in full, into memory when the objective is created (their pre-processor applied), and
 * every trial then draws its own shuffled minibatches of its {@code batchSize} from that copy: one copy of the data
 * however many trials run in parallel, and the same batches for the same seed. Features may have any shape per
 * example ({@code [n, f]}, {@code [n, channels, h, w]}, ...); a network from {@code network(...)} gets them in that
 * shape. Labels are one row per example, {@code [n, k]}: one-hot for a classifier, the targets for a regression. Masks
 * (variable-length sequences) are not supported.
 */
public final class UserData {
    private final DataSet train;
    private final DataSet validation;
    private final DataSet test;

    private UserData(DataSet train, DataSet validation, DataSet test) {
        this.train = train;
        this.validation = validation;
        this.test = test;
        matches(validation, "validation");
        if (test != null) {
            matches(test, "test");
        }
    }

    /** Training and validation sets as they are. */
    public static UserData of(DataSet train, DataSet validation) {
        return new UserData(checked("train", train), checked("validation", validation), null);
    }

    /** Training and validation sets read from the iterators (reset first where they can be), each into one set. */
    public static UserData of(DataSetIterator train, DataSetIterator validation) {
        return of(read("train", train), read("validation", validation));
    }

    /** The same data with a test set, whose scores each trial stores as {@code test_*} user attributes. */
    public UserData test(DataSet test) {
        return new UserData(train, validation, checked("test", test));
    }

    /** The same data with a test set read from {@code test}. */
    public UserData test(DataSetIterator test) {
        return test(read("test", test));
    }

    /** Number of training examples. */
    public int trainSize() {
        return train.numExamples();
    }

    /** One training example's feature shape (the features' shape without the example dimension). */
    long[] exampleShape() {
        long[] shape = train.getFeatures().shape();
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /** The sets as flat float matrices a trial batches from. */
    TensorData tensors(boolean classification) {
        return TensorData.of(train, validation, test, classification);
    }

    /** Refuses labels a classifier cannot learn from. */
    UserData forClassifier() {
        if (train.getLabels().size(1) < 2) {
            throw new UsageException("train labels", Arrays.toString(train.getLabels().shape()), "a classifier needs "
                    + "one-hot labels [n, classes] with 2 or more classes; for numeric targets use Dl4j.regression");
        }
        return this;
    }

    private void matches(DataSet set, String name) {
        long[] f = set.getFeatures().shape();
        long[] t = train.getFeatures().shape();
        if (!Arrays.equals(Arrays.copyOfRange(f, 1, f.length), Arrays.copyOfRange(t, 1, t.length))) {
            throw new UsageException(name + " features", Arrays.toString(f), "give the " + name
                    + " examples the shape of the training examples " + Arrays.toString(t));
        }
        if (set.getLabels().size(1) != train.getLabels().size(1)) {
            throw new UsageException(name + " labels", Arrays.toString(set.getLabels().shape()), "give " + name
                    + " the label columns of the training set " + Arrays.toString(train.getLabels().shape()));
        }
    }

    private static DataSet checked(String name, DataSet set) {
        Objects.requireNonNull(set, name);
        if (set.getFeatures() == null || set.getLabels() == null || set.numExamples() == 0) {
            throw new UsageException(name, "an empty DataSet", "give the " + name + " set features and labels");
        }
        if (set.getFeaturesMaskArray() != null || set.getLabelsMaskArray() != null) {
            throw new UsageException(name + " masks", "present", "sweep4j's objectives take data without masks; pad "
                    + "or cut sequences to one length, or write an Objective of your own");
        }
        if (set.getLabels().rank() != 2) {
            throw new UsageException(name + " labels", Arrays.toString(set.getLabels().shape()), "give one label row "
                    + "per example, [n, k] (one-hot classes, or regression targets)");
        }
        if (set.getFeatures().size(0) != set.getLabels().size(0)) {
            throw new UsageException(name + " labels", set.getLabels().size(0) + " rows", "give one label row per"
                    + " example: the features have " + set.getFeatures().size(0));
        }
        return set;
    }

    private static DataSet read(String name, DataSetIterator it) {
        Objects.requireNonNull(it, name);
        if (it.resetSupported()) {
            it.reset();
        }
        List<DataSet> parts = new ArrayList<>();
        // outside workspaces: the copy outlives every trial
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            while (it.hasNext()) {
                DataSet d = it.next();
                parts.add(new DataSet(d.getFeatures().dup(), d.getLabels().dup(), d.getFeaturesMaskArray(),
                        d.getLabelsMaskArray()));
            }
        }
        if (parts.isEmpty()) {
            throw new UsageException(name + " iterator", "empty", "give an iterator with at least one batch (call"
                    + " reset() on it if it was read before and cannot reset itself)");
        }
        return checked(name, parts.size() == 1 ? parts.get(0) : DataSet.merge(parts));
    }

    static INDArray flat(INDArray a) {
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape('c', a.size(0), a.length() / a.size(0))
                .dup('c');
    }
}
