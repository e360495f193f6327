package io.sweep4j.dl4j;

import io.sweep4j.data.Dataset;
import io.sweep4j.data.Datasets;
import io.sweep4j.data.Splits;
import java.util.stream.IntStream;

/** Small slices of the embedded Fashion-MNIST mini set, loaded once for all dl4j tests. */
final class MiniData {
    static final Dataset MINI = Datasets.fashionMnistMini();
    /** 1 200 training images (960 train, 240 validation) and 300 test images: an epoch of an MLP takes ~0.1 s. */
    static final Splits SMALL = Splits.stratified("mini-small", MINI.train().subset(range(1200)),
            MINI.test().subset(range(300)), MINI.classNames(), 0.2, 42);

    private MiniData() {
    }

    static int[] range(int n) {
        return IntStream.range(0, n).toArray();
    }
}
