package org.gfncp.core.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GraphCutTest {

    private final Backend backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
    private final Diff diff = new Diff(backend);

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void lossesOnTheLeavesPlusTheFinishingPassGiveTheWholeGradient() {
        long live = backend.diagnostics().liveTensors();
        try (Parameter w = new Parameter("w", backend.ops().fromDoubles(new double[] {0.5, -1.5, 2.0, 0.25}, 2, 2));
                Parameter v = new Parameter("v", backend.ops().fromDoubles(new double[] {1.0, -2.0}, 2));
                TensorScope scope = backend.openScope()) {
            Var x = diff.constant(backend.ops().fromDoubles(new double[] {1, 2, -3, 0.5, 4, -1}, 3, 2));
            // shared sub-graph: a = tanh(x w), b = a v; two losses use a and b
            Var a = diff.tanh(diff.matmul(x, w, false, false));
            Var b = diff.mul(a, v);
            Var whole = diff.add(diff.sum(diff.mul(a, a)), diff.sum(diff.exp(diff.slice(b, 0, 1, 3))));
            Gradients expected = diff.backward(whole);

            try (GraphCut cut = new GraphCut(diff, a, null, b)) {
                assertThat(cut.leaf(1)).isNull();
                Var first = diff.sum(diff.mul(cut.leaf(0), cut.leaf(0)));
                Var second = diff.sum(diff.exp(diff.slice(cut.leaf(2), 0, 1, 3)));
                Gradients p1 = cut.collect(diff.backward(first));
                Gradients p2 = cut.collect(diff.backward(second));
                // the leaves' gradients were taken out: these passes reached no parameter
                assertThat(p1.size()).isZero();
                assertThat(p2.size()).isZero();
                Gradients actual = cut.finish(0).accumulate(cut.finish(2));
                assertThat(cut.finish(1).size()).isZero();
                for (Parameter p : new Parameter[] {w, v}) {
                    double[] e = backend.ops().toDoubles(expected.get(p));
                    double[] g = backend.ops().toDoubles(actual.get(p));
                    for (int i = 0; i < e.length; i++) {
                        assertThat(g[i]).as(p.name() + "[" + i + "]").isCloseTo(e[i], within(1e-12));
                    }
                }
            }
        }
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(live);
    }
}
