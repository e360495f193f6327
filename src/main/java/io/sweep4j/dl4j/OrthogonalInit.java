package io.sweep4j.dl4j;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Orthogonal weight initialization (Saxe et al. 2014), which DL4J lacks, computed as PyTorch's {@code orthogonal_}:
 * the weights, viewed as a matrix of {@code shape[0]} rows by the product of the other dimensions, become the Q
 * factor of the QR decomposition of a standard-normal matrix, signs fixed by R's diagonal, times {@code gain}.
 *
 * <p>The normal draws come from ND4J's random generator, so the network's seed makes the weights reproducible.
 * Serializable to DL4J's JSON configuration, so saved models with this init load again.
 */
public final class OrthogonalInit implements IWeightInit {
    private static final long serialVersionUID = 1L;

    @JsonProperty("gain")
    private final double gain;

    @JsonCreator
    public OrthogonalInit(@JsonProperty("gain") double gain) {
        this.gain = gain;
    }

    public double gain() {
        return gain;
    }

    @Override
    public INDArray init(double fanIn, double fanOut, long[] shape, char order, INDArray paramView) {
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(Arrays.stream(shape).skip(1).reduce(1L, Math::multiplyExact));
        int tall = Math.max(rows, cols);
        int narrow = Math.min(rows, cols);
        Random rng = Nd4j.getRandom();
        double[][] gaussian = new double[tall][narrow];
        for (double[] row : gaussian) {
            for (int j = 0; j < narrow; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(gaussian, false));
        RealMatrix q = qr.getQ().getSubMatrix(0, tall - 1, 0, narrow - 1);
        RealMatrix r = qr.getR();
        // without the sign fix the distribution is not uniform over orthogonal matrices (Mezzadri 2007)
        for (int j = 0; j < narrow; j++) {
            double sign = r.getEntry(j, j) < 0 ? -1 : 1;
            for (int i = 0; i < tall; i++) {
                q.setEntry(i, j, q.getEntry(i, j) * sign * gain);
            }
        }
        RealMatrix w = rows < cols ? q.transpose() : q;
        float[] flat = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                flat[i * cols + j] = (float) w.getEntry(i, j);
            }
        }
        INDArray values = Nd4j.create(flat, new long[] {rows, cols}, 'c').reshape('c', shape);
        // the parameter view is flat: lay the values out in the order DL4J will read them back
        paramView.assign(Nd4j.toFlattened(order, values).reshape(paramView.shape()));
        return paramView.reshape(order, shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrthogonalInit other && other.gain == gain;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(gain);
    }

    @Override
    public String toString() {
        return "OrthogonalInit(gain=" + gain + ")";
    }
}
