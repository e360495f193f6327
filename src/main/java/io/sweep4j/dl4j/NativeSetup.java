package io.sweep4j.dl4j;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ND4J settings every trial relies on, applied once per JVM. One native (OpenMP) thread per trial: trials run in parallel on the study's pool, and on this kind of machine one
 * DL4J training with two native threads is slower than with one (anchors.md), so parallel trials are how cores are used.
 *
 * <p>Only {@code OMP_NUM_THREADS=1} set before the JVM starts gives full speed; the in-process setters applied here
 * reach about 60% of it. The {@code sweep} launcher and the test runner export it; a warning says when it is missing.
 *
 * <p>With the {@code linux-x86_64-onednn} build of nd4j-native on the class path and
 * {@code -Dorg.bytedeco.javacpp.platform.extension=-onednn}, it also turns DL4J's oneDNN layer helpers on.
 */
public final class NativeSetup {
    private static final Logger LOG = LoggerFactory.getLogger(NativeSetup.class);
    private static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    private static volatile boolean configured;
    private static volatile boolean onednn;

    private NativeSetup() {
    }

    /**
     * JavaCPP settings read once, when ND4J's native library loads; set here (by {@link Dl4j}'s class initializer,
     * normally before any ND4J class) unless given on the command line. {@code maxPhysicalBytes=0}: JavaCPP otherwise
     * reads the process's resident size on every native allocation, ~10% of an MLP iteration (profiled).
     * {@code platform.extension=-onednn}: load the oneDNN build of nd4j-native when its jar is on the class path
     * (JavaCPP falls back to the plain build when it is not).
     */
    static void beforeNd4jLoads() {
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null
                && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
        if (System.getProperty("org.bytedeco.javacpp.platform.extension") == null) {
            System.setProperty("org.bytedeco.javacpp.platform.extension", "-onednn");
        }
        // ND4J and DL4J log a dozen INFO lines per JVM and per network; a study's own log is what users read
        for (String quiet : new String[] {"org.nd4j", "org.deeplearning4j"}) {
            String key = "org.slf4j.simpleLogger.log." + quiet;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    /**
     * The image layout convolutions run fastest in: channels last (NHWC) with oneDNN, which otherwise reorders every
     * call; channels first (NCHW) on the plain build, whose im2col path permutes NHWC input (5x slower, measured).
     */
    static boolean channelsLast() {
        configureOnce();
        return onednn;
    }

    /** Applies the settings once per JVM; every trial calls it before training. */
    public static void configureOnce() {
        if (configured) {
            return;
        }
        synchronized (NativeSetup.class) {
            if (configured) {
                return;
            }
            beforeNd4jLoads();
            Nd4j.getBackend(); // loads the native library; NativeOpsHolder is unusable before
            String omp = System.getenv("OMP_NUM_THREADS");
            if (!"1".equals(omp)) {
                LOG.warn("OMP_NUM_THREADS is {}; DL4J trials run fastest with OMP_NUM_THREADS=1 exported before the"
                        + " JVM starts (the sweep launcher does this). Limiting native threads in-process instead.",
                        omp == null ? "unset" : omp);
                Nd4j.getEnvironment().setMaxMasterThreads(1);
                Nd4j.getEnvironment().setMaxThreads(1);
                Nd4j.factory().blas().setMaxThreads(1);
            }
            onednn = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
            if (onednn && System.getProperty(HELPERS_DISABLE) == null) {
                // the oneDNN build is loaded: let conv/pool/batch-norm layers use it (DL4J creates no helpers unless
                // this is false; org.nd4j.nativeblas.Nd4jCpu repairs the lookup that then finds oneDNN)
                System.setProperty(HELPERS_DISABLE, "false");
                LOG.info("oneDNN build of nd4j-native loaded: layer helpers enabled");
            }
            // ND4J's periodic System.gc() stalls every trial at once; batch memory is reused, workspaces are freed
            // per trial, so the JVM's own GC (which also frees native buffers) is enough
            Nd4j.getMemoryManager().togglePeriodicGc(false);
            configured = true;
        }
    }
}
