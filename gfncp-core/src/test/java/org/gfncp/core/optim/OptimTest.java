package org.gfncp.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.nn.Activation;
import org.gfncp.core.nn.Linear;
import org.gfncp.core.nn.Mlp;
import org.gfncp.core.random.RandomStream;
import org.gfncp.testkit.ReferenceTapeFixture;
import org.junit.jupiter.api.Test;

class OptimTest extends ReferenceTapeFixture {

    @Test
    void adamStepMatchesTheFormula() {
        try (Parameter p = new Parameter("p", ops.fromDoubles(new double[] {1.0, -2.0}, 2));
             Adam adam = new Adam(backend, 0.1, 0.9, 0.999, 1e-8, 0.5, false)) {
            double[] x = {1.0, -2.0};
            double[] m = new double[2];
            double[] v = new double[2];
            for (int t = 1; t <= 3; t++) {
                try (TensorScope step = backend.openScope()) {
                    // loss = sum(p^3): gradient 3 p^2, plus L2 decay 0.5 p
                    Gradients g = d.backward(d.sum(d.powScalar(p, 3)));
                    adam.step(g, step);
                }
                for (int i = 0; i < 2; i++) {
                    double g = 3 * x[i] * x[i] + 0.5 * x[i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.999 * v[i] + 0.001 * g * g;
                    double mh = m[i] / (1 - Math.pow(0.9, t));
                    double vh = v[i] / (1 - Math.pow(0.999, t));
                    x[i] -= 0.1 * mh / (Math.sqrt(vh) + 1e-8);
                }
                assertThat(ops.toDoubles(p.value())).containsExactly(x, within(1e-12));
            }
            assertThat(adam.steps()).isEqualTo(3);
            assertThat(adam.moments(p)).hasSize(2);
        }
    }

    @Test
    void decoupledWeightDecayShrinksWeightsWithoutTouchingMoments() {
        try (Parameter p = new Parameter("p", ops.fromDoubles(new double[] {2.0}, 1));
             Adam adam = new Adam(backend, 0.1, 0.9, 0.999, 1e-8, 0.5, true)) {
            try (TensorScope step = backend.openScope()) {
                adam.step(d.backward(d.sum(d.mulScalar(p, 0))), step);
            }
            // zero gradient: only the decay acts, p * (1 - lr * wd)
            assertThat(ops.toDoubles(p.value())).containsExactly(new double[] {1.9}, within(1e-12));
        }
    }

    @Test
    void adamFitsALinearRegression() {
        RandomStream r = new RandomStream(9);
        int n = 64;
        double[] xs = new double[n * 3];
        double[] ys = new double[n];
        double[] trueW = {1.5, -2.0, 0.5};
        for (int i = 0; i < n; i++) {
            double y = 0.3;
            for (int j = 0; j < 3; j++) {
                xs[i * 3 + j] = r.nextGaussian();
                y += trueW[j] * xs[i * 3 + j];
            }
            ys[i] = y;
        }
        try (Tensor xt = ops.fromDoubles(xs, n, 3);
             Tensor yt = ops.fromDoubles(ys, n, 1);
             Linear lin = new Linear(d, 3, 1, true, DType.FLOAT64, new RandomStream(1));
             Adam adam = new Adam(backend, 0.05)) {
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < 400; step++) {
                try (TensorScope s = backend.openScope()) {
                    Var err = d.sub(lin.forward(d.constant(xt)), d.constant(yt));
                    Var loss = d.mean(d.mul(err, err));
                    last = ops.toDoubles(loss.value())[0];
                    if (step == 0) {
                        first = last;
                    }
                    adam.step(d.backward(loss), s);
                }
            }
            assertThat(last).isLessThan(first * 1e-3).isLessThan(1e-3);
            assertThat(ops.toDoubles(lin.weight().value())).containsExactly(trueW, within(0.02));
            assertThat(ops.toDoubles(lin.bias().value())[0]).isCloseTo(0.3, within(0.02));
        }
    }

    @Test
    void clippingScalesToTheMaxNormAndLeavesSmallGradientsAlone() {
        try (TensorScope s = backend.openScope()) {
            Parameter a = new Parameter("a", ops.fromDoubles(new double[] {3, 0}, 2));
            Parameter b = new Parameter("b", ops.fromDoubles(new double[] {4}, 1));
            // gradient of 0.5 * |x|^2 is x: global norm 5
            Var loss = d.mulScalar(d.add(d.sum(d.mul(a, a)), d.sum(d.mul(b, b))), 0.5);
            Gradients g = d.backward(loss);
            assertThat(GradientClipping.globalNorm(backend, g)).isCloseTo(5, within(1e-12));
            double before = GradientClipping.clipGlobalNorm(backend, g, 1.0);
            assertThat(before).isCloseTo(5, within(1e-12));
            assertThat(GradientClipping.globalNorm(backend, g)).isCloseTo(1, within(1e-6));
            assertThat(ops.toDoubles(g.get(a))).containsExactly(new double[] {0.6, 0}, within(1e-6));
            Tensor unchanged = g.get(b);
            GradientClipping.clipGlobalNorm(backend, g, 10.0);
            assertThat(g.get(b)).isSameAs(unchanged);
            assertThatThrownBy(() -> GradientClipping.clipGlobalNorm(backend, g, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void cosineScheduleAnnealsAndHolds() {
        CosineSchedule c = new CosineSchedule(1e-3, 1e-5, 100);
        assertThat(c.at(0)).isCloseTo(1e-3, within(1e-15));
        assertThat(c.at(50)).isCloseTo((1e-3 + 1e-5) / 2, within(1e-15));
        assertThat(c.at(100)).isCloseTo(1e-5, within(1e-15));
        assertThat(c.at(500)).isCloseTo(1e-5, within(1e-15));
        assertThat(c.at(30)).isLessThan(c.at(29));
        CosineSchedule stepped = new CosineSchedule(1.0, 0.0, 100, 10);
        assertThat(stepped.at(19)).isEqualTo(stepped.at(10)).isLessThan(stepped.at(9));
        try (Adam adam = new Adam(backend, 1)) {
            assertThat(c.apply(adam, 50)).isEqualTo(adam.learningRate());
        }
        assertThatThrownBy(() -> new CosineSchedule(1e-5, 1e-3, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void liveTensorsReturnToBaselineAfterManyTrainingSteps() {
        long outside = backend.diagnostics().liveTensors();
        try (Mlp mlp = new Mlp(d, new int[] {2, 16, 16, 1}, Activation.PRELU, true, DType.FLOAT32, new RandomStream(3));
             Adam adam = new Adam(backend, 1e-3);
             Tensor x = ops.fromFloats(new float[] {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f}, 3, 2)) {
            long afterFirst = -1;
            for (int step = 0; step < 60; step++) {
                try (TensorScope s = backend.openScope()) {
                    Var out = mlp.forward(d.constant(x));
                    Gradients g = d.backward(d.mean(d.mul(out, out)));
                    GradientClipping.clipGlobalNorm(backend, g, 0.5);
                    adam.step(g, s);
                }
                if (step == 0) {
                    afterFirst = backend.diagnostics().liveTensors();
                } else {
                    assertThat(backend.diagnostics().liveTensors()).as("step %d", step).isEqualTo(afterFirst);
                }
            }
            // parameters plus two moments each, nothing else
            assertThat(afterFirst - outside).isEqualTo(1 + 3L * mlp.parameters().size());
        }
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(outside);
    }
}
