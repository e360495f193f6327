package io.sweep4j.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One native (OpenMP) thread per trial: trials run in parallel on the study's pool, and on this kind of machine one
 * DL4J training with two native threads is slower than with one (anchors.md), so parallel trials are how cores are used.
 *
 * <p>Only {@code OMP_NUM_THREADS=1} set before the JVM starts gives full speed; the in-process setters applied here
 * reach about 60% of it. The {@code sweep} launcher and the test runner export it; a warning says when it is missing.
 */
final class NativeThreads {
    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);
    private static volatile boolean configured;

    private NativeThreads() {
    }

    static void configureOnce() {
        if (configured) {
            return;
        }
        synchronized (NativeThreads.class) {
            if (configured) {
                return;
            }
            String omp = System.getenv("OMP_NUM_THREADS");
            if (!"1".equals(omp)) {
                LOG.warn("OMP_NUM_THREADS is {}; DL4J trials run fastest with OMP_NUM_THREADS=1 exported before the"
                        + " JVM starts (the sweep launcher does this). Limiting native threads in-process instead.",
                        omp == null ? "unset" : omp);
                Nd4j.getEnvironment().setMaxMasterThreads(1);
                Nd4j.getEnvironment().setMaxThreads(1);
                Nd4j.factory().blas().setMaxThreads(1);
            }
            // ND4J's periodic System.gc() stalls every trial at once; batch memory is reused, workspaces are freed
            // per trial, so the JVM's own GC (which also frees native buffers) is enough
            Nd4j.getMemoryManager().togglePeriodicGc(false);
            configured = true;
        }
    }
}
