package org.gfncp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.GradCheck;
import org.gfncp.core.diff.GradientBuffer;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.nn.Activation;
import org.gfncp.core.nn.Isab;
import org.gfncp.core.nn.Mlp;
import org.gfncp.core.nn.Pma;
import org.gfncp.core.optim.Adam;
import org.gfncp.core.optim.GradientClipping;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Gradients through core's tape on one backend: a central finite-difference check in FLOAT64 of every
 * differentiable {@link Diff} op, the overwrite/accumulate and stop-gradient semantics, agreement of a small MLP's
 * and a masked ISAB + PMA's FLOAT32 gradients with the reference backend's, and flat live-tensor counts over
 * training steps with Adam and clipping.
 */
public interface GradientContract extends BackendFixture {

    /** Finite-difference step. */
    double STEP = 1e-6;

    /** Largest accepted {@code |tape - numeric| / max(1, |numeric|)} in FLOAT64. */
    double FLOAT64_GRADIENT_TOLERANCE = 1e-6;

    /** One differentiable op under test: its inputs and the function of them. */
    record GradCase(String name, List<Input> inputs, BiFunction<Diff, List<Var>, Var> f) {
    }

    /** An input's shape and its values, given in FLOAT64 on the host. */
    record Input(int[] shape, double[] values) {
    }

    @TestFactory
    default Stream<DynamicTest> everyDifferentiableOpMatchesFiniteDifferences() {
        Backend backend = backend();
        return gradientCases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Diff diff = new Diff(backend);
            try (TensorScope scope = backend.openScope()) {
                List<Tensor> inputs = new ArrayList<>();
                for (Input in : c.inputs()) {
                    inputs.add(backend.ops().fromDoubles(in.values(), in.shape()));
                }
                GradCheck.Result r = GradCheck.check(diff, args -> c.f().apply(diff, args), inputs, STEP);
                assertThat(r.checked()).as(c.name() + " elements").isPositive();
                assertThat(r.within(FLOAT64_GRADIENT_TOLERANCE)).as(c.name() + ": " + r).isTrue();
            }
        }));
    }

    @Test
    default void backwardOverwritesAndBufferAccumulates() {
        Backend backend = backend();
        Diff d = new Diff(backend);
        TensorOps ops = backend.ops();
        try (TensorScope scope = backend.openScope()) {
            Parameter p = new Parameter("p", ops.fromDoubles(new double[] {1, 2, 3}, 3));
            Var loss = d.sum(d.mul(p, p));
            Gradients first = d.backward(loss);
            Gradients second = d.backward(loss);
            assertThat(ops.toDoubles(first.get(p))).containsExactly(2, 4, 6);
            assertThat(ops.toDoubles(second.get(p))).containsExactly(2, 4, 6);
            try (GradientBuffer buffer = new GradientBuffer(ops)) {
                buffer.add(first);
                buffer.add(second);
                assertThat(buffer.passes()).isEqualTo(2);
                assertThat(ops.toDoubles(buffer.sum().get(p))).containsExactly(4, 8, 12);
            }
        }
    }

    @Test
    default void stopGradientBlocksAndSharedInputsSum() {
        Backend backend = backend();
        Diff d = new Diff(backend);
        TensorOps ops = backend.ops();
        try (TensorScope scope = backend.openScope()) {
            Parameter p = new Parameter("p", ops.fromDoubles(new double[] {1.5, -2}, 2));
            Parameter q = new Parameter("q", ops.fromDoubles(new double[] {3}, 1));
            // y = p * sg(p) + p + p + 0 * q: d/dp = sg(p) + 2, q gets an explicit zero
            Var y = d.add(d.add(d.mul(p, d.stopGradient(p)), d.add(p, p)), d.mulScalar(q, 0));
            Gradients g = d.backward(d.sum(y));
            assertThat(ops.toDoubles(g.get(p))).containsExactly(3.5, 0);
            assertThat(ops.toDoubles(g.get(q))).containsExactly(0);
            Var constant = d.mul(d.stopGradient(p), d.constant(ops.fromDoubles(new double[] {2, 2}, 2)));
            assertThat(constant.requiresGrad()).isFalse();
            assertThat(d.backward(d.sum(constant)).size()).isZero();
        }
    }

    @Test
    default void maskedLogSoftmaxGivesMinusInfinityAndZeroGradientWhereMasked() {
        Backend backend = backend();
        Diff d = new Diff(backend);
        TensorOps ops = backend.ops();
        try (TensorScope scope = backend.openScope()) {
            Parameter x = new Parameter("x", ops.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
            Tensor mask = ops.fromDoubles(new double[] {1, 0, 1, 0, 0, 0}, 2, 3);
            Var y = d.maskedLogSoftmax(x, mask, 1);
            double[] v = ops.toDoubles(y.value());
            double lse = Math.log(Math.exp(1) + Math.exp(3));
            assertThat(v[0]).isCloseTo(1 - lse, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(v[1]).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(v[2]).isCloseTo(3 - lse, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(Arrays.copyOfRange(v, 3, 6)).containsOnly(Double.NEGATIVE_INFINITY);
            Var p = d.maskedSoftmax(x, mask, 1);
            Gradients g = d.backward(d.sum(d.mul(p, d.constant(ops.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)))));
            double[] gx = ops.toDoubles(g.get(x));
            assertThat(gx[1]).isZero();
            assertThat(Arrays.copyOfRange(gx, 3, 6)).containsOnly(0.0);
            assertThat(gx[0]).isNotZero().isFinite();
            assertThat(ops.toDoubles(p.value())).doesNotContain(Double.NaN);
        }
    }

    @Test
    default void mlpGradientsAgreeWithReferenceInFloat32() {
        double[][] mine = mlpGradients(backend());
        double[][] reference = mlpGradients(oracle());
        assertThat(mine.length).isEqualTo(reference.length);
        for (int i = 0; i < mine.length; i++) {
            assertThat(mine[i].length).isEqualTo(reference[i].length);
            for (int j = 0; j < mine[i].length; j++) {
                double tol = 1e-4 * (1 + Math.abs(reference[i][j]));
                assertThat(Math.abs(mine[i][j] - reference[i][j])).as("parameter %d element %d", i, j)
                        .isLessThanOrEqualTo(tol);
            }
        }
    }

    @Test
    default void attentionGradientsAgreeWithReferenceInFloat32() {
        double[][] mine = attentionGradients(backend());
        double[][] reference = attentionGradients(oracle());
        assertThat(mine.length).isEqualTo(reference.length);
        for (int i = 0; i < mine.length; i++) {
            assertThat(mine[i].length).isEqualTo(reference[i].length);
            for (int j = 0; j < mine[i].length; j++) {
                double tol = 2e-4 * (1 + Math.abs(reference[i][j]));
                assertThat(Math.abs(mine[i][j] - reference[i][j])).as("parameter %d element %d", i, j)
                        .isLessThanOrEqualTo(tol);
            }
        }
    }

    @Test
    default void trainingStepsKeepLiveTensorsFlat() {
        Backend backend = backend();
        Diff d = new Diff(backend);
        TensorOps ops = backend.ops();
        long outside = backend.diagnostics().liveTensors();
        try (Mlp mlp = new Mlp(d, new int[] {2, 8, 1}, Activation.RELU, true, DType.FLOAT32, new RandomStream(5));
             Adam adam = new Adam(backend, 1e-2);
             Tensor x = ops.fromFloats(new float[] {0.5f, -1, 1, 2, -0.5f, 0.25f}, 3, 2)) {
            long afterFirst = -1;
            for (int step = 0; step < 8; step++) {
                try (TensorScope s = backend.openScope()) {
                    Var out = mlp.forward(d.constant(x));
                    Gradients g = d.backward(d.mean(d.mul(out, out)));
                    GradientClipping.clipGlobalNorm(backend, g, 0.1);
                    adam.step(g, s);
                }
                long live = backend.diagnostics().liveTensors();
                if (step == 0) {
                    afterFirst = live;
                }
                assertThat(live).as("live tensors after step %d", step).isEqualTo(afterFirst);
            }
            assertThat(afterFirst - outside).as("parameters, moments and the input")
                    .isEqualTo(1 + 3L * mlp.parameters().size());
        }
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(outside);
    }

    /** Gradients of masked ISAB + PMA (FLOAT32, fixed seed) with respect to their parameters and the input. */
    private static double[][] attentionGradients(Backend backend) {
        Diff d = new Diff(backend);
        TensorOps ops = backend.ops();
        RandomStream init = new RandomStream(13);
        try (TensorScope scope = backend.openScope();
             Isab isab = new Isab(d, 2, 8, 3, 2, true, DType.FLOAT32, init);
             Pma pma = new Pma(d, 8, 1, 2, false, DType.FLOAT32, init)) {
            RandomStream data = new RandomStream(17);
            float[] x = new float[2 * 5 * 2];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) data.nextGaussian();
            }
            Parameter input = new Parameter("x", ops.fromFloats(x, 2, 5, 2));
            Tensor mask = ops.fromFloats(new float[] {1, 1, 1, 0, 0, 1, 0, 1, 1, 1}, 2, 5);
            Var pooled = pma.forward(isab.forward(input, mask), mask);
            Gradients g = d.backward(d.sum(d.tanh(pooled)));
            List<Parameter> ps = new ArrayList<>(isab.parameters());
            ps.addAll(pma.parameters());
            ps.add(input);
            double[][] r = new double[ps.size()][];
            for (int i = 0; i < ps.size(); i++) {
                r[i] = ops.toDoubles(g.get(ps.get(i)));
            }
            return r;
        }
    }

    /** Gradients of a PReLU MLP's squared output (FLOAT32, fixed seed) on {@code backend}, parameter by parameter. */
    private static double[][] mlpGradients(Backend backend) {
        Diff d = new Diff(backend);
        TensorOps ops = backend.ops();
        try (TensorScope scope = backend.openScope();
             Mlp mlp = new Mlp(d, new int[] {3, 8, 8, 2}, Activation.PRELU, true, DType.FLOAT32, new RandomStream(7))) {
            RandomStream data = new RandomStream(11);
            float[] x = new float[5 * 4 * 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) data.nextGaussian();
            }
            Var out = mlp.forward(d.constant(ops.fromFloats(x, 5, 4, 3)));
            Gradients g = d.backward(d.mean(d.mul(out, out)));
            List<Parameter> ps = mlp.parameters();
            double[][] r = new double[ps.size()][];
            for (int i = 0; i < ps.size(); i++) {
                r[i] = ops.toDoubles(g.get(ps.get(i)));
            }
            return r;
        }
    }

    // ---- the cases ------------------------------------------------------------------------------------------

    /** Every differentiable op of {@link Diff}, with inputs chosen away from kinks and ties. */
    static List<GradCase> gradientCases() {
        RandomStream r = new RandomStream(2024);
        List<GradCase> c = new ArrayList<>();
        c.add(unary("add broadcast", List.of(in(r, 2, 3), in(r, 3)), (d, v) -> d.add(v.get(0), v.get(1))));
        c.add(unary("add same input twice", List.of(in(r, 2, 2)), (d, v) -> d.add(v.get(0), v.get(0))));
        c.add(unary("sub broadcast", List.of(in(r, 2, 1, 3), in(r, 4, 1)), (d, v) -> d.sub(v.get(0), v.get(1))));
        c.add(unary("mul broadcast", List.of(in(r, 2, 3), in(r, 2, 1)), (d, v) -> d.mul(v.get(0), v.get(1))));
        c.add(unary("div", List.of(in(r, 2, 3), positive(r, 3)), (d, v) -> d.div(v.get(0), v.get(1))));
        Input a = in(r, 2, 3);
        c.add(unary("maximum", List.of(a, apart(r, a)), (d, v) -> d.maximum(v.get(0), v.get(1))));
        c.add(unary("where", List.of(in(r, 2, 3), in(r, 3)),
                (d, v) -> d.where(mask(d, new double[] {1, 0, 1, 0, 0, 1}, 2, 3), v.get(0), v.get(1))));
        c.add(unary("addScalar", List.of(in(r, 4)), (d, v) -> d.addScalar(v.get(0), 1.5)));
        c.add(unary("mulScalar", List.of(in(r, 4)), (d, v) -> d.mulScalar(v.get(0), -2.5)));
        c.add(unary("powScalar", List.of(positive(r, 4)), (d, v) -> d.powScalar(v.get(0), 2.5)));
        c.add(unary("neg", List.of(in(r, 4)), (d, v) -> d.neg(v.get(0))));
        c.add(unary("exp", List.of(in(r, 4)), (d, v) -> d.exp(v.get(0))));
        c.add(unary("log", List.of(positive(r, 4)), (d, v) -> d.log(v.get(0))));
        c.add(unary("log1p", List.of(positive(r, 4)), (d, v) -> d.log1p(v.get(0))));
        c.add(unary("sqrt", List.of(positive(r, 4)), (d, v) -> d.sqrt(v.get(0))));
        c.add(unary("tanh", List.of(in(r, 4)), (d, v) -> d.tanh(v.get(0))));
        c.add(unary("sigmoid", List.of(in(r, 4)), (d, v) -> d.sigmoid(v.get(0))));
        c.add(unary("relu", List.of(in(r, 6)), (d, v) -> d.relu(v.get(0))));
        c.add(unary("abs", List.of(in(r, 6)), (d, v) -> d.abs(v.get(0))));
        c.add(unary("softplus", List.of(new Input(new int[] {5}, new double[] {-30, -1.5, 0.3, 2, 40})),
                (d, v) -> d.softplus(v.get(0))));
        c.add(unary("logSigmoid", List.of(in(r, 5)), (d, v) -> d.logSigmoid(v.get(0))));
        c.add(unary("prelu", List.of(in(r, 2, 3), new Input(new int[] {1}, new double[] {0.25})),
                (d, v) -> d.prelu(v.get(0), v.get(1))));
        c.add(unary("elu", List.of(in(r, 6)), (d, v) -> d.elu(v.get(0), 0.7)));
        c.add(unary("sum axes", List.of(in(r, 2, 3, 4)), (d, v) -> d.sum(v.get(0), 0, 2)));
        c.add(unary("sum keepDims", List.of(in(r, 2, 3)), (d, v) -> d.sum(v.get(0), new int[] {-1}, true)));
        c.add(unary("sum all", List.of(in(r, 2, 3)), (d, v) -> d.sum(v.get(0))));
        c.add(unary("mean", List.of(in(r, 2, 3)), (d, v) -> d.mean(v.get(0), 1)));
        c.add(unary("max", List.of(distinct(r, 2, 3, 4)), (d, v) -> d.max(v.get(0), 1)));
        c.add(unary("max keepDims all", List.of(distinct(r, 2, 3)), (d, v) -> d.max(v.get(0), new int[0], true)));
        c.add(unary("min", List.of(distinct(r, 3, 4)), (d, v) -> d.min(v.get(0), -1)));
        c.add(unary("logSumExp", List.of(in(r, 3, 4)), (d, v) -> d.logSumExp(v.get(0), 1, false)));
        c.add(unary("logSumExp keepDims", List.of(in(r, 3, 4)), (d, v) -> d.logSumExp(v.get(0), 0, true)));
        c.add(unary("logSoftmax", List.of(in(r, 3, 4)), (d, v) -> d.logSoftmax(v.get(0), -1)));
        c.add(unary("softmax", List.of(in(r, 3, 4)), (d, v) -> d.softmax(v.get(0), 0)));
        double[] m = {1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1};
        c.add(unary("maskedLogSoftmax", List.of(in(r, 3, 4)), (d, v) -> {
            Tensor mk = mask(d, m, 3, 4);
            return d.where(mk, d.maskedLogSoftmax(v.get(0), mk, 1), d.scalar(0, DType.FLOAT64));
        }));
        c.add(unary("maskedSoftmax broadcast mask", List.of(in(r, 2, 3, 4)),
                (d, v) -> d.maskedSoftmax(v.get(0), mask(d, new double[] {1, 1, 0, 1, 0, 0, 1, 0}, 2, 1, 4), -1)));
        c.add(unary("maskedLogSumExp", List.of(in(r, 3, 4)),
                (d, v) -> d.maskedLogSumExp(v.get(0), mask(d, new double[] {1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0}, 3, 4), 1, false)));
        c.add(unary("cumsum", List.of(in(r, 3, 4)), (d, v) -> d.cumsum(v.get(0), 1, false)));
        c.add(unary("cumsum reverse", List.of(in(r, 3, 4)), (d, v) -> d.cumsum(v.get(0), 0, true)));
        c.add(unary("exclusiveCumsum", List.of(in(r, 3, 4)), (d, v) -> d.exclusiveCumsum(v.get(0), 1, false)));
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int[] as = ta ? new int[] {2, 4, 3} : new int[] {2, 3, 4};
                int[] bs = tb ? new int[] {2, 5, 4} : new int[] {2, 4, 5};
                c.add(unary("matmul batched " + ta + " " + tb, List.of(in(r, as), in(r, bs)),
                        (d, v) -> d.matmul(v.get(0), v.get(1), ta, tb)));
                int[] b2 = tb ? new int[] {5, 4} : new int[] {4, 5};
                c.add(unary("matmul shared " + ta + " " + tb, List.of(in(r, as), in(r, b2)),
                        (d, v) -> d.matmul(v.get(0), v.get(1), ta, tb)));
            }
        }
        c.add(unary("linear rank 3", List.of(in(r, 2, 3, 4), in(r, 5, 4), in(r, 5)),
                (d, v) -> d.linear(v.get(0), v.get(1), v.get(2))));
        c.add(unary("linear no bias", List.of(in(r, 3, 4), in(r, 2, 4)), (d, v) -> d.linear(v.get(0), v.get(1), null)));
        c.add(unary("reshape", List.of(in(r, 2, 6)), (d, v) -> d.reshape(v.get(0), 3, -1)));
        c.add(unary("permute", List.of(in(r, 2, 3, 4)), (d, v) -> d.permute(v.get(0), 2, 0, 1)));
        c.add(unary("transpose", List.of(in(r, 2, 3, 4)), (d, v) -> d.transpose(v.get(0))));
        c.add(unary("broadcastTo", List.of(in(r, 3, 1)), (d, v) -> d.broadcastTo(v.get(0), 2, 3, 4)));
        c.add(unary("concat", List.of(in(r, 2, 3), in(r, 2, 1)), (d, v) -> d.concat(1, v.get(0), v.get(1))));
        c.add(unary("slice", List.of(in(r, 4, 3)), (d, v) -> d.slice(v.get(0), 0, 1, 3)));
        c.add(unary("pad", List.of(in(r, 2, 3)), (d, v) -> d.pad(v.get(0), -1, 1, 2)));
        c.add(unary("gather repeated", List.of(in(r, 4, 3)),
                (d, v) -> d.gather(v.get(0), 0, d.ops().fromInts(new int[] {3, 0, 3, 1}, 4))));
        c.add(unary("scatterAdd", List.of(in(r, 4, 3)),
                (d, v) -> d.scatterAdd(v.get(0), 0, d.ops().fromInts(new int[] {2, 0, 2, 4}, 4), 5)));
        c.add(unary("conv2d", List.of(in(r, 2, 2, 5, 5), in(r, 3, 2, 3, 3), in(r, 3)),
                (d, v) -> d.conv2d(v.get(0), v.get(1), v.get(2), 1, 0)));
        c.add(unary("conv2d stride 2 pad 1 no bias", List.of(in(r, 1, 2, 5, 6), in(r, 2, 2, 3, 3)),
                (d, v) -> d.conv2d(v.get(0), v.get(1), null, 2, 1)));
        c.add(unary("conv1d stride 2 pad 1", List.of(in(r, 2, 2, 7), in(r, 3, 2, 3), in(r, 3)),
                (d, v) -> d.conv1d(v.get(0), v.get(1), v.get(2), 2, 1)));
        c.add(unary("globalAvgPool2d", List.of(in(r, 2, 3, 2, 2)), (d, v) -> d.globalAvgPool2d(v.get(0))));
        c.add(unary("maxPool2d odd size", List.of(distinct(r, 1, 2, 5, 4)), (d, v) -> d.maxPool2d(v.get(0), 2)));
        c.add(unary("layerNorm", List.of(in(r, 2, 3, 5), in(r, 5), in(r, 5)),
                (d, v) -> d.layerNorm(v.get(0), v.get(1), v.get(2), 1e-5)));
        c.add(unary("layerNorm plain", List.of(in(r, 3, 4)), (d, v) -> d.layerNorm(v.get(0), null, null, 1e-5)));
        c.add(unary("dropout", List.of(in(r, 4, 5)),
                (d, v) -> d.dropout(v.get(0), 0.5, new RandomStream(3), true)));
        c.add(unary("dropout2d", List.of(in(r, 2, 3, 2, 2)),
                (d, v) -> d.dropout2d(v.get(0), 0.5, new RandomStream(4), true)));
        c.add(unary("bceWithLogits", List.of(in(r, 6), positive(r, 6)),
                (d, v) -> d.bceWithLogits(v.get(0), d.mulScalar(v.get(1), 0.3))));
        return c;
    }

    private static GradCase unary(String name, List<Input> inputs, BiFunction<Diff, List<Var>, Var> f) {
        return new GradCase(name, inputs, f);
    }

    private static Tensor mask(Diff d, double[] values, int... shape) {
        return d.ops().fromDoubles(values, shape);
    }

    /** Values in +-[0.2, 1.2), away from the kinks of relu, abs and prelu at 0. */
    private static Input in(RandomStream r, int... shape) {
        double[] v = new double[(int) Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            double mag = 0.2 + r.nextDouble();
            v[i] = r.nextBoolean(0.5) ? mag : -mag;
        }
        return new Input(shape, v);
    }

    private static Input positive(RandomStream r, int... shape) {
        double[] v = new double[(int) Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5 + r.nextDouble();
        }
        return new Input(shape, v);
    }

    /** Distinct values at least 0.05 apart, so maxima are unique and stay so under the finite-difference step. */
    private static Input distinct(RandomStream r, int... shape) {
        int n = (int) Shapes.size(shape);
        int[] perm = r.permutation(n);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (perm[i] - n / 2.0) * 0.05;
        }
        return new Input(shape, v);
    }

    /** Values of {@code a} moved by +-[0.1, 0.6), so no element ties with {@code a}. */
    private static Input apart(RandomStream r, Input a) {
        double[] v = a.values().clone();
        for (int i = 0; i < v.length; i++) {
            double shift = 0.1 + 0.5 * r.nextDouble();
            v[i] += r.nextBoolean(0.5) ? shift : -shift;
        }
        return new Input(a.shape(), v);
    }
}
