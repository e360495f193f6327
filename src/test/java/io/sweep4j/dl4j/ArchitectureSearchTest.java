package io.sweep4j.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sweep4j.sampler.Sampler;
import io.sweep4j.sampler.Samplers;
import io.sweep4j.space.CategoricalDistribution;
import io.sweep4j.space.Condition;
import io.sweep4j.space.IntDistribution;
import io.sweep4j.space.Param;
import io.sweep4j.space.Params;
import io.sweep4j.space.SearchSpace;
import io.sweep4j.space.UsageException;
import io.sweep4j.study.Budget;
import io.sweep4j.study.Study;
import io.sweep4j.study.StudyResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searched networks: each architecture parameter reaches the DL4J configuration it names; bad spaces are refused. */
class ArchitectureSearchTest {
    @TempDir
    Path dir;

    private static SearchSpace spaceOf(Architecture arch) {
        return SearchSpace.builder().build().extend(arch::defineParameters);
    }

    private static MultiLayerNetwork build(Architecture arch, Map<String, Object> params) {
        Params p = Params.of(params);
        MultiLayerNetwork net = new MultiLayerNetwork(arch.configure(p, HyperParams.from(p), 28, 28, 10, 7));
        net.init();
        return net;
    }

    private static <T extends Layer> List<T> layers(MultiLayerConfiguration conf, Class<T> type) {
        return conf.getConfs().stream().map(c -> c.getLayer()).filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void mlpDepthAndWidthsBecomeConditionalParameters() {
        SearchSpace space = spaceOf(Layers.depth("layers", 1, 4).width("width", 64, 1024));
        assertEquals(List.of("layers", "width_1", "width_2", "width_3", "width_4"),
                space.params().stream().map(Param::name).toList());
        assertEquals(new IntDistribution(1, 4, false, 1), space.param("layers").orElseThrow().distribution());
        assertEquals(new IntDistribution(64, 1024, true, 1), space.param("width_3").orElseThrow().distribution());
        assertEquals(Optional.empty(), space.param("width_1").orElseThrow().condition(), "layer 1 always exists");
        assertEquals(Optional.of(new Condition("layers", List.of(3L, 4L))),
                space.param("width_3").orElseThrow().condition());
        // width_3 exists exactly when there are 3 or more layers
        assertTrue(space.isValid(Params.of(Map.of("layers", 2L, "width_1", 64L, "width_2", 99L))));
        assertFalse(space.isValid(Params.of(Map.of("layers", 2L, "width_1", 64L, "width_2", 99L, "width_3", 70L))));
        assertFalse(space.isValid(Params.of(Map.of("layers", 3L, "width_1", 64L, "width_2", 99L))));
    }

    @Test
    void mlpLayersAndWidthsMapToDenseLayersAndTheParameterCountIsDl4js() {
        MlpSearch mlp = Layers.depth("layers", 1, 4).width("width", 64, 1024);
        for (int depth = 1; depth <= 4; depth++) {
            Map<String, Object> p = new HashMap<>(Map.of("layers", (long) depth));
            int[] widths = {300, 70, 129, 64};
            for (int k = 1; k <= depth; k++) {
                p.put("width_" + k, (long) widths[k - 1]);
            }
            MultiLayerNetwork net = build(mlp, p);
            List<DenseLayer> dense = layers(net.getLayerWiseConfigurations(), DenseLayer.class);
            assertEquals(depth, dense.size(), "hidden layers for layers=" + depth);
            long expected = 0;
            long in = 784;
            for (int k = 0; k < depth; k++) {
                assertEquals(widths[k], dense.get(k).getNOut(), "width_" + (k + 1));
                expected += in * widths[k] + widths[k];
                in = widths[k];
            }
            expected += in * 10 + 10;
            assertEquals(expected, net.numParams(), "parameter count for " + p);
        }
        // a fixed depth defines only widths, all unconditional; a width list becomes a choice a grid can enumerate
        SearchSpace fixed = spaceOf(Layers.depth(2).width("w", List.of(128, 256)));
        assertEquals(List.of("w_1", "w_2"), fixed.params().stream().map(Param::name).toList());
        assertEquals(new CategoricalDistribution(List.of(128, 256)), fixed.param("w_2").orElseThrow().distribution());
    }

    @Test
    void cnnBlocksFiltersKernelsConvsPoolingHeadAndDenseMapToDl4jLayers() {
        CnnSearch cnn = Blocks.count("blocks", 1, 3).filters("filters", 8, 64).kernel("kernel", 3, 5)
                .convs("convs", 1, 2).pooling("pool", "max", "avg").head("head", "flatten", "global")
                .dense("dense", 16, 256);
        SearchSpace space = spaceOf(cnn);
        assertEquals(List.of("blocks", "filters_1", "filters_2", "filters_3", "kernel", "convs", "pool", "dense",
                "head"), space.params().stream().map(Param::name).toList());
        assertEquals(Optional.of(new Condition("blocks", List.of(2L, 3L))),
                space.param("filters_2").orElseThrow().condition());
        Map<String, Object> p = Map.of("blocks", 2L, "filters_1", 8L, "filters_2", 16L, "kernel", 5, "convs", 2L,
                "pool", "avg", "head", "global", "dense", 32L, "batchNorm", true);
        MultiLayerNetwork net = build(cnn, p);
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        List<ConvolutionLayer> convs = layers(conf, ConvolutionLayer.class);
        assertEquals(List.of(8L, 8L, 16L, 16L), convs.stream().map(ConvolutionLayer::getNOut).toList(),
                "2 blocks x 2 convolutions with filters_1 then filters_2");
        for (ConvolutionLayer c : convs) {
            assertEquals(List.of(5, 5), List.of(c.getKernelSize()[0], c.getKernelSize()[1]));
            assertEquals(ConvolutionMode.Same, c.getConvolutionMode());
        }
        assertEquals(4, layers(conf, BatchNormalization.class).size(), "batch norm after each convolution");
        List<SubsamplingLayer> pools = layers(conf, SubsamplingLayer.class);
        assertEquals(2, pools.size());
        assertTrue(pools.stream().allMatch(s -> s.getPoolingType() == PoolingType.AVG
                && s.getKernelSize()[0] == 2 && s.getStride()[0] == 2));
        assertEquals(1, layers(conf, GlobalPoolingLayer.class).size());
        DenseLayer dense = layers(conf, DenseLayer.class).get(0);
        assertEquals(16, dense.getNIn(), "global pooling leaves one value per channel");
        assertEquals(32, dense.getNOut());
        long bn = 4 * (8 + 8 + 16 + 16); // gamma, beta, running mean and variance
        long expected = (25 * 8 + 8) + (25 * 8 * 8 + 8) + (25 * 8 * 16 + 16) + (25 * 16 * 16 + 16) + bn
                + (16 * 32 + 32) + (32 * 10 + 10);
        assertEquals(expected, net.numParams());
    }

    @Test
    void theThreeBlockBenchmarkCnnHasTheSizesAndParameterCountWorkedOutByHand() {
        CnnSearch cnn = Blocks.count(3).filters(32, 64, 128);
        MultiLayerNetwork net = build(cnn, Map.of("batchNorm", true));
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        assertEquals(0, layers(conf, GlobalPoolingLayer.class).size(), "flatten by default");
        // 28 -> 14 -> 7 -> 3: 3 x 3 x 128 values into the dense layer of 128
        assertEquals(3 * 3 * 128, layers(conf, DenseLayer.class).get(0).getNIn());
        long expected = (9 * 32 + 32) + (9 * 32 * 64 + 64) + (9 * 64 * 128 + 128) + 4 * (32 + 64 + 128)
                + (1152 * 128 + 128) + (128 * 10 + 10);
        assertEquals(expected, net.numParams());
        assertEquals(Blocks.count(3).filtersDoubling("f", 32, 32).filters(Params.empty()),
                cnn.filters(Params.empty()), "doubling from 32 is 32-64-128");
    }

    @Test
    void validPaddingShrinksByTheKernelAndEveryTrialOfTheSpaceBuilds() {
        CnnSearch cnn = Blocks.count("blocks", 1, 2).kernel("kernel", 3, 5).convs("convs", 1, 2)
                .padding("padding", "same", "valid");
        cnn.check(28, 28);
        Map<String, Object> p = Map.of("blocks", 2L, "kernel", 5, "convs", 2L, "padding", "valid");
        MultiLayerConfiguration conf = build(cnn, p).getLayerWiseConfigurations();
        // 28 -> 24 -> 20 -> pool 10 -> 6 -> 2 -> pool 1: 1 x 1 x 64 into the dense layer
        assertEquals(64, layers(conf, DenseLayer.class).get(0).getNIn());
    }

    @Test
    void aCnnThatShrinksTheImagesBelowOnePixelIsRefusedAtDefinitionNamingTheValues() {
        CnnSearch cnn = Blocks.count("blocks", 1, 4).kernel("kernel", 3, 5).convs("convs", 1, 2)
                .padding("padding", "same", "valid");
        Path db = dir.resolve("refused.db");
        UsageException e = assertThrows(UsageException.class, () -> Study.named("refused").storage(db)
                .objective(Dl4j.classifier(MiniData.SMALL).cnn(cnn)).maximize("val_accuracy")
                .budget(Budget.trials(1)).spec());
        // fewest blocks first: with 3 blocks, kernel 5, two valid convolutions per block, 28 -> 10 -> 1 -> gone
        assertEquals("blocks", e.field());
        assertTrue(e.getMessage().contains("3 with kernel=3, convs=2, padding=valid")
                || e.getMessage().contains("3 with kernel=5"), e.getMessage());
        assertTrue(e.getMessage().contains("below 1x1") && e.getMessage().contains("padding \"same\""),
                e.getMessage());
        assertFalse(Files.exists(db), "nothing is stored before the definition is checked");
        // "same" padding only halves: 28 -> 14 -> 7 -> 3 -> 1 fits 4 blocks, not 5
        Blocks.count("blocks", 1, 4).check(28, 28);
        UsageException five = assertThrows(UsageException.class, () -> Blocks.count("blocks", 1, 5).check(28, 28));
        assertTrue(five.getMessage().contains("5 with"), five.getMessage());
    }

    @Test
    void badArchitectureDefinitionsAreRefusedWithTheFix() {
        assertEquals("width", assertThrows(UsageException.class,
                () -> Layers.depth("layers", 1, 3).width("width", 0, 10)).field());
        assertEquals("layers", assertThrows(UsageException.class, () -> Layers.depth("layers", 3, 1)).field());
        UsageException pool = assertThrows(UsageException.class, () -> Blocks.count(2).pooling("pool", "min"));
        assertTrue(pool.getMessage().contains("[max, avg]"), pool.getMessage());
        UsageException filters = assertThrows(UsageException.class,
                () -> Blocks.count("blocks", 1, 3).filters(32, 64));
        assertTrue(filters.getMessage().contains("3 counts"), filters.getMessage());
        UsageException twice = assertThrows(UsageException.class, () -> SearchSpace.builder().intRange("layers", 1, 2)
                .build().extend(Layers.depth("layers", 1, 3)::defineParameters));
        assertTrue(twice.getMessage().contains("defined twice"), twice.getMessage());
    }

    @Test
    void everySamplerDrawsWidthsExactlyForTheLayersATrialHas() {
        MlpSearch mlp = Layers.depth("layers", 1, 4).width("width", 16, 1024);
        CnnSearch cnn = Blocks.count("blocks", 1, 3).filters("filters", 8, 64).kernel("kernel", 3, 5);
        SearchSpace space = SearchSpace.builder().build().extend(b -> {
            mlp.defineParameters(b);
            cnn.defineParameters(b);
        });
        for (Sampler sampler : List.of(Samplers.random(1), Samplers.sobol(1), Samplers.tpe(1), Samplers.genetic())) {
            String name = sampler.getClass().getSimpleName();
            Set<Long> depths = new HashSet<>();
            StudyResult r = Study.named(name).storage(dir.resolve(name + ".db")).space(space).sampler(sampler)
                    .objective(t -> {
                        int layers = t.getInt("layers");
                        for (int k = 1; k <= 4; k++) {
                            assertEquals(k <= layers, t.has("width_" + k), "width_" + k + " in " + t.params());
                        }
                        assertEquals(t.getInt("blocks"), cnn.filters(t.params()).size());
                        synchronized (depths) {
                            depths.add((long) layers);
                        }
                        // a made-up score that favours 2 layers of ~256, so TPE and the GA have something to follow
                        return -Math.abs(layers - 2) - Math.abs(Math.log(mlp.widths(t.params()).get(0) / 256.0));
                    })
                    .maximize("score").parallelism(1).budget(Budget.trials(40)).optimize();
            assertEquals(40, r.history().completed().size(), name + ": every trial got a valid assignment");
            assertEquals(Set.of(1L, 2L, 3L, 4L), depths, name + " tried every depth");
        }
    }

    @Test
    void whenAtLeastNeedsAnIntegerParentThatReachesTheMinimum() {
        SearchSpace.Builder b = SearchSpace.builder().floatRange("x", 0, 1).choice("n", 1, 2, 4);
        assertThrows(UsageException.class, () -> b.whenAtLeast("x", 1, s -> s.floatRange("y", 0, 1)));
        assertThrows(UsageException.class, () -> b.whenAtLeast("n", 5, s -> s.floatRange("y", 0, 1)));
        b.whenAtLeast("n", 2, s -> s.floatRange("z", 0, 1));
        assertEquals(Optional.of(new Condition("n", List.of(2, 4))),
                b.build().param("z").orElseThrow().condition());
    }
}
