package org.gfncp.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.GradCheck;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.random.RandomStream;
import org.gfncp.testkit.ReferenceTapeFixture;
import org.junit.jupiter.api.Test;

/** Layers: gradient checks in FLOAT64, PyTorch naming and init, attention masking and symmetry. */
class NnTest extends ReferenceTapeFixture {

    private static final double TOL = 1e-6;
    private static final DType F64 = DType.FLOAT64;

    private Tensor gaussian(long seed, int... shape) {
        RandomStream r = new RandomStream(seed);
        double[] v = new double[(int) org.gfncp.api.tensor.Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextGaussian();
        }
        return ops.fromDoubles(v, shape);
    }

    private void assertGradients(Module m, Parameter input, java.util.function.Supplier<Var> f) {
        List<Parameter> ps = new java.util.ArrayList<>(m.parameters());
        ps.add(input);
        GradCheck.Result r = GradCheck.checkParameters(d, f, ps, 1e-6);
        assertThat((long) r.checked()).isGreaterThan(m.namedParameters().elementCount());
        assertThat(r.within(TOL)).as(r.toString()).isTrue();
    }

    @Test
    void linearUsesPyTorchLayoutInitAndNames() {
        try (TensorScope s = backend.openScope();
             Linear a = new Linear(d, 16, 3, new RandomStream(5));
             Linear b = new Linear(d, 16, 3, new RandomStream(5))) {
            assertThat(a.namedParameters().names()).containsExactly("weight", "bias");
            assertThat(a.weight().shape()).containsExactly(3, 16);
            assertThat(a.weight().dtype()).isEqualTo(DType.FLOAT32);
            double[] w = ops.toDoubles(a.weight().value());
            assertThat(java.util.Arrays.stream(w).boxed().toList()).allMatch(v -> Math.abs(v) <= 0.25);
            assertThat(java.util.Arrays.stream(w).map(Math::abs).max().getAsDouble()).isGreaterThan(0.15);
            assertThat(ops.toDoubles(b.weight().value())).containsExactly(w);
            Var y = a.forward(d.constant(ops.full(DType.FLOAT32, 1.0, 2, 5, 16)));
            assertThat(y.shape()).containsExactly(2, 5, 3);
        }
    }

    @Test
    void mlpNamesFollowSequentialAndGradientsCheck() {
        for (Activation act : Activation.values()) {
            try (TensorScope s = backend.openScope();
                 Mlp mlp = new Mlp(d, new int[] {3, 4, 4, 2}, act, false, F64, new RandomStream(1))) {
                if (act == Activation.PRELU) {
                    assertThat(mlp.namedParameters().names()).containsExactly(
                            "0.weight", "0.bias", "1.weight", "2.weight", "2.bias", "3.weight", "4.weight");
                    assertThat(ops.toDoubles(mlp.namedParameters().get("1.weight").value())).containsExactly(0.25);
                } else {
                    assertThat(mlp.namedParameters().names()).containsExactly(
                            "0.weight", "0.bias", "2.weight", "2.bias", "4.weight");
                }
                Parameter x = new Parameter("x", gaussian(2, 2, 3, 3));
                assertGradients(mlp, x, () -> mlp.forward(x));
            }
        }
    }

    @Test
    void conv2dMatchesDirectConvolutionAndChecks() {
        try (TensorScope s = backend.openScope();
             Conv2d conv = new Conv2d(d, 2, 3, 3, 1, 1, true, F64, new RandomStream(3))) {
            Tensor xt = gaussian(4, 1, 2, 4, 5);
            Var y = conv.forward(d.constant(xt));
            assertThat(y.shape()).containsExactly(1, 3, 4, 5);
            double[] x = ops.toDoubles(xt);
            double[] w = ops.toDoubles(conv.weight().value());
            double[] b = ops.toDoubles(conv.bias().value());
            double[] out = ops.toDoubles(y.value());
            for (int o = 0; o < 3; o++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        double acc = b[o];
                        for (int c = 0; c < 2; c++) {
                            for (int ki = 0; ki < 3; ki++) {
                                for (int kj = 0; kj < 3; kj++) {
                                    int yi = i + ki - 1;
                                    int xj = j + kj - 1;
                                    if (yi >= 0 && yi < 4 && xj >= 0 && xj < 5) {
                                        acc += w[((o * 2 + c) * 3 + ki) * 3 + kj] * x[(c * 4 + yi) * 5 + xj];
                                    }
                                }
                            }
                        }
                        assertThat(out[(o * 4 + i) * 5 + j]).isCloseTo(acc, within(1e-12));
                    }
                }
            }
            Parameter xp = new Parameter("x", gaussian(6, 2, 2, 4, 4));
            assertGradients(conv, xp, () -> conv.forward(xp));
        }
    }

    @Test
    void conv1dMatchesDirectConvolution() {
        try (TensorScope s = backend.openScope()) {
            double[] x = {1, 2, 3, 4, 5, -1, 0, 2, 1, 1};
            double[] w = {1, 0, -1, 0.5, 0.5, 0.5};
            Var y = d.conv1d(d.constant(ops.fromDoubles(x, 1, 2, 5)), d.constant(ops.fromDoubles(w, 1, 2, 3)),
                    d.constant(ops.fromDoubles(new double[] {0.25}, 1)), 2, 1);
            assertThat(y.shape()).containsExactly(1, 1, 3);
            double[] expected = new double[3];
            for (int o = 0; o < 3; o++) {
                double acc = 0.25;
                for (int c = 0; c < 2; c++) {
                    for (int k = 0; k < 3; k++) {
                        int i = o * 2 + k - 1;
                        if (i >= 0 && i < 5) {
                            acc += w[c * 3 + k] * x[c * 5 + i];
                        }
                    }
                }
                expected[o] = acc;
            }
            assertThat(ops.toDoubles(y.value())).containsExactly(expected, within(1e-12));
        }
    }

    @Test
    void layerNormNormalizesAndChecks() {
        try (TensorScope s = backend.openScope(); LayerNorm ln = new LayerNorm(d, 6, F64)) {
            Var y = ln.forward(d.constant(gaussian(7, 3, 6)));
            double[] v = ops.toDoubles(y.value());
            for (int r = 0; r < 3; r++) {
                double mean = 0;
                double sq = 0;
                for (int j = 0; j < 6; j++) {
                    mean += v[r * 6 + j] / 6;
                    sq += v[r * 6 + j] * v[r * 6 + j] / 6;
                }
                assertThat(mean).isCloseTo(0, within(1e-12));
                assertThat(sq).isCloseTo(1, within(1e-4));
            }
            ln.weight().set(gaussian(8, 6));
            ln.bias().set(gaussian(9, 6));
            Parameter x = new Parameter("x", gaussian(10, 2, 2, 6));
            assertGradients(ln, x, () -> ln.forward(x));
        }
    }

    @Test
    void mabWithMaskAndLayerNormChecks() {
        try (TensorScope s = backend.openScope();
             Mab mab = new Mab(d, 3, 2, 4, 2, true, F64, new RandomStream(11))) {
            assertThat(mab.namedParameters().names()).contains("fc_q.weight", "fc_k.bias", "fc_v.weight",
                    "fc_o.weight", "ln0.weight", "ln1.bias");
            Parameter x = new Parameter("x", gaussian(12, 2, 3, 3));
            Parameter y = new Parameter("y", gaussian(13, 2, 4, 2));
            // second set: every key masked, its attention rows must become 0 rather than NaN
            Tensor mask = ops.fromDoubles(new double[] {1, 0, 1, 1, 0, 0, 0, 0}, 2, 4);
            assertGradients(mab, x, () -> mab.forward(x, y, mask));
            GradCheck.Result ry = GradCheck.checkParameters(d, () -> mab.forward(x, y, mask), List.of(y), 1e-6);
            assertThat(ry.within(TOL)).as(ry.toString()).isTrue();
            assertThat(java.util.Arrays.stream(ops.toDoubles(mab.forward(x, y, mask).value())).boxed().toList())
                    .allMatch(Double::isFinite);
        }
    }

    @Test
    void allMaskedSetGivesResidualOnly() {
        try (TensorScope s = backend.openScope();
             Mab mab = new Mab(d, 2, 2, 4, 2, false, F64, new RandomStream(21))) {
            Var x = d.constant(gaussian(22, 1, 3, 2));
            Var y = d.constant(gaussian(23, 1, 5, 2));
            Var out = mab.forward(x, y, ops.full(F64, 0.0, 1, 5));
            // with no key to attend to, A V = 0: O = Q, then O + relu(O Wo)
            Linear fcQ = new Linear(d, 2, 4, true, F64, new RandomStream(21));
            Var q = fcQ.forward(x);
            Var expected = d.add(q, d.relu(d.linear(q, mab.namedParameters().get("fc_o.weight"),
                    mab.namedParameters().get("fc_o.bias"))));
            assertThat(ops.toDoubles(out.value())).containsExactly(ops.toDoubles(expected.value()),
                    within(1e-12));
            fcQ.close();
        }
    }

    @Test
    void sabIsPermutationEquivariantAndIgnoresMaskedPointsAsKeys() {
        try (TensorScope s = backend.openScope();
             Sab sab = new Sab(d, 2, 4, 2, false, F64, new RandomStream(31))) {
            double[] pts = {0.1, 0.2, -1, 0.5, 2, -0.3, 0.7, 0.9};
            double[] swapped = {2, -0.3, -1, 0.5, 0.1, 0.2, 0.7, 0.9};
            double[] a = ops.toDoubles(sab.forward(d.constant(ops.fromDoubles(pts, 1, 4, 2)), null).value());
            double[] b = ops.toDoubles(sab.forward(d.constant(ops.fromDoubles(swapped, 1, 4, 2)), null).value());
            for (int j = 0; j < 4; j++) {
                assertThat(b[8 + j]).isCloseTo(a[j], within(1e-12));
                assertThat(b[j]).isCloseTo(a[8 + j], within(1e-12));
                assertThat(b[4 + j]).isCloseTo(a[4 + j], within(1e-12));
            }
            Tensor mask = ops.fromDoubles(new double[] {1, 1, 1, 0}, 1, 4);
            double[] moved = pts.clone();
            moved[6] = 50;
            moved[7] = -50;
            double[] m1 = ops.toDoubles(sab.forward(d.constant(ops.fromDoubles(pts, 1, 4, 2)), mask).value());
            double[] m2 = ops.toDoubles(sab.forward(d.constant(ops.fromDoubles(moved, 1, 4, 2)), mask).value());
            assertThat(java.util.Arrays.copyOf(m2, 12)).containsExactly(java.util.Arrays.copyOf(m1, 12), within(1e-12));
        }
    }

    @Test
    void pmaIsPermutationInvariantAndChecks() {
        try (TensorScope s = backend.openScope();
             Pma pma = new Pma(d, 4, 2, 2, true, F64, new RandomStream(41))) {
            assertThat(pma.namedParameters().get("S").shape()).containsExactly(1, 2, 4);
            double[] pts = ops.toDoubles(gaussian(42, 1, 3, 4));
            double[] rotated = new double[12];
            System.arraycopy(pts, 4, rotated, 0, 8);
            System.arraycopy(pts, 0, rotated, 8, 4);
            double[] a = ops.toDoubles(pma.forward(d.constant(ops.fromDoubles(pts, 1, 3, 4)), null).value());
            double[] b = ops.toDoubles(pma.forward(d.constant(ops.fromDoubles(rotated, 1, 3, 4)), null).value());
            assertThat(b).containsExactly(a, within(1e-12));
            Parameter x = new Parameter("x", gaussian(43, 2, 3, 4));
            Tensor mask = ops.fromDoubles(new double[] {1, 1, 0, 0, 1, 1}, 2, 3);
            assertGradients(pma, x, () -> pma.forward(x, mask));
        }
    }

    @Test
    void isabChecksWithMask() {
        try (TensorScope s = backend.openScope();
             Isab isab = new Isab(d, 3, 4, 2, 2, false, F64, new RandomStream(51))) {
            assertThat(isab.namedParameters().names()).contains("I", "mab0.fc_q.weight", "mab1.fc_o.bias");
            Parameter x = new Parameter("x", gaussian(52, 2, 3, 3));
            Tensor mask = ops.fromDoubles(new double[] {1, 0, 1, 1, 1, 0}, 2, 3);
            Var out = isab.forward(x, mask);
            assertThat(out.shape()).containsExactly(2, 3, 4);
            assertGradients(isab, x, () -> isab.forward(x, mask));
        }
    }

    @Test
    void stackedIsabHasIndependentBlocksDropoutAndChecks() {
        try (TensorScope s = backend.openScope();
             StackedIsab stack = new StackedIsab(d, 2, 4, 2, 2, 2, false, 0.2, F64, new RandomStream(71))) {
            assertThat(stack.namedParameters().names()).contains("blocks.0.I", "blocks.1.mab1.fc_o.weight");
            assertThat(ops.toDoubles(stack.namedParameters().get("blocks.0.mab1.fc_o.weight").value()))
                    .isNotEqualTo(ops.toDoubles(stack.namedParameters().get("blocks.1.mab1.fc_o.weight").value()));
            Parameter x = new Parameter("x", gaussian(72, 2, 3, 2));
            Tensor mask = ops.fromDoubles(new double[] {1, 1, 0, 1, 0, 1}, 2, 3);
            assertThatThrownBy(() -> stack.forward(x, mask)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("RandomStream");
            double[] trained = ops.toDoubles(stack.forward(x, mask, new RandomStream(1)).value());
            // dropout is part of the differentiated function: the same stream gives the same masks
            assertGradients(stack, x, () -> stack.forward(x, mask, new RandomStream(1)));
            stack.eval();
            double[] evaluated = ops.toDoubles(stack.forward(x, mask).value());
            assertThat(evaluated).isNotEqualTo(trained);
            assertThat(ops.toDoubles(stack.forward(x, mask, new RandomStream(9)).value())).containsExactly(evaluated);
            assertGradients(stack, x, () -> stack.forward(x, mask));
        }
    }

    @Test
    void fixupResUnitShapesAndChecks() {
        try (TensorScope s = backend.openScope();
             FixupResUnit down = new FixupResUnit(d, 2, 3, 2, F64, new RandomStream(81));
             FixupResUnit same = new FixupResUnit(d, 3, 3, 1, F64, new RandomStream(82))) {
            assertThat(down.namedParameters().names()).contains("conv1.weight", "conv2.weight", "shortcut.weight",
                    "bias1a", "scale");
            assertThat(same.namedParameters().names()).doesNotContain("shortcut.weight");
            Parameter x = new Parameter("x", gaussian(83, 1, 2, 7, 7));
            assertThat(down.forward(x).shape()).containsExactly(1, 3, 4, 4);
            for (String n : new String[] {"bias1a", "bias1b", "bias2a", "bias2b"}) {
                down.namedParameters().get(n).set(ops.fromDoubles(new double[] {0.1}, 1));
            }
            assertGradients(down, x, () -> down.forward(x));
            Parameter y = new Parameter("y", gaussian(84, 1, 3, 3, 3));
            assertGradients(same, y, () -> d.globalAvgPool2d(same.forward(y)));
        }
    }

    @Test
    void mnistEncoderShapesAndEvalIsDeterministic() {
        try (TensorScope s = backend.openScope();
             MnistConvEncoder enc = new MnistConvEncoder(d, 16, DType.FLOAT32, new RandomStream(61))) {
            assertThat(enc.namedParameters().names()).contains("conv1.weight", "conv2.bias", "fc1.weight", "fc2.bias");
            Var x = d.constant(ops.full(DType.FLOAT32, 0.5, 2, 1, 28, 28));
            assertThatThrownBy(() -> enc.forward(x, null)).isInstanceOf(IllegalArgumentException.class);
            Var train = enc.forward(x, new RandomStream(1));
            assertThat(train.shape()).containsExactly(2, 16);
            enc.eval();
            assertThat(enc.isTraining()).isFalse();
            double[] a = ops.toDoubles(enc.forward(x, null).value());
            double[] b = ops.toDoubles(enc.forward(x, null).value());
            assertThat(a).containsExactly(b);
        }
    }

    @Test
    void badShapesGiveClearErrors() {
        try (TensorScope s = backend.openScope();
             Mab mab = new Mab(d, 3, 3, 4, 2, false, F64, new RandomStream(1))) {
            Var x = d.constant(ops.full(F64, 1, 2, 3, 3));
            assertThatThrownBy(() -> mab.forward(x, x, ops.full(F64, 1, 2, 4)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3]");
            assertThatThrownBy(() -> new Mab(d, 3, 3, 5, 2, false, F64, new RandomStream(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heads");
            assertThatThrownBy(() -> d.linear(x, d.constant(ops.full(F64, 1, 4, 2)), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 2]");
        }
    }
}
