/**
 * API: the bridge to Deeplearning4j — {@link io.sweep4j.dl4j.Dl4j} (entry point), {@link
 * io.sweep4j.dl4j.TrainingLoopObjective} (the training loop, what {@code Dl4j.classifier} returns), {@link
 * io.sweep4j.dl4j.RegressionObjective}, {@link io.sweep4j.dl4j.UserData},
 * {@link io.sweep4j.dl4j.Architecture}, {@link io.sweep4j.dl4j.HyperParams} and the hyperparameter names and values
 * ({@link io.sweep4j.dl4j.Hyperparameter}, {@link io.sweep4j.dl4j.Optimizer}, {@link io.sweep4j.dl4j.Initializer},
 * {@link io.sweep4j.dl4j.Nonlinearity}, {@link io.sweep4j.dl4j.OrthogonalInit}).
 *
 * <p>Internal, public only for sweep4j's benchmarks and may change in any release: {@code TensorData},
 * {@code Batches}, {@code NativeSetup}, {@code LeanDenseLayer}, {@code LeanBatchNorm} and {@code LeanAdamUpdater}
 * (sweep4j installs them into a trial's network itself). Other package-private types are the training loop.
 *
 * <p>Why no {@code module-info}: sweep4j must put a class into ND4J's package {@code org.nd4j.nativeblas} (the shim
 * that repairs DL4J 1.0.0-M2.1's oneDNN lookup), and a package split across two modules is refused by the module
 * system; the jar names itself {@code io.sweep4j} (Automatic-Module-Name) for module-path users instead.
 */
package io.sweep4j.dl4j;
