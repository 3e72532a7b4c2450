package org.gfncp.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.core.diff.Diff;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.nn.Activation;
import org.gfncp.core.nn.Mlp;
import org.gfncp.core.random.RandomStream;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.TensorOps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Adam's state export and restore: a resumed optimizer continues exactly like an uninterrupted one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdamStateTest {

    private static final int[] SIZES = {3, 8, 2};

    private Backend backend;
    private TensorOps ops;
    private Diff d;

    @BeforeAll
    void open() {
        backend = new ReferenceBackendProvider().create(BackendConfig.defaults());
        ops = backend.ops();
        d = new Diff(backend);
    }

    @AfterAll
    void close() {
        backend.close();
    }

    /** A host copy of parameters or moments, as a checkpoint would hold them. */
    private record Saved(long steps, Map<String, double[]> values, Map<String, double[][]> moments) {
    }

    @Test
    void restoredOptimizerTakesTheSameNextStepsAsAnUninterruptedOne() {
        Tensor x = ops.fromDoubles(new double[] {0.3, -1.2, 0.5, 1.1, 0.2, -0.7, -0.4, 0.9, 1.5, 0.0, -2.0, 0.6}, 4, 3);
        List<double[]> uninterrupted;
        Saved saved;
        try (Mlp mlp = newMlp(); Adam adam = new Adam(backend, 0.01, 0.9, 0.999, 1e-8, 0.1, false)) {
            Map<String, Parameter> params = mlp.namedParameters().asMap();
            train(mlp, adam, x, 5);
            saved = save(adam, params);
            train(mlp, adam, x, 4);
            uninterrupted = values(params);
        }
        List<double[]> resumed;
        try (Mlp mlp = newMlp(); Adam adam = new Adam(backend, 0.01, 0.9, 0.999, 1e-8, 0.1, false)) {
            Map<String, Parameter> params = mlp.namedParameters().asMap();
            restore(adam, params, saved);
            assertThat(adam.steps()).isEqualTo(5);
            train(mlp, adam, x, 4);
            resumed = values(params);
        }
        assertThat(resumed).hasSameSizeAs(uninterrupted);
        for (int i = 0; i < resumed.size(); i++) {
            assertThat(resumed.get(i)).as("parameter %d", i).containsExactly(uninterrupted.get(i));
        }
        x.close();
    }

    @Test
    void restoreWithoutMomentsDiffersFromTheUninterruptedRun() {
        // Guards the test above: the moments and step count really change the next step.
        Tensor x = ops.fromDoubles(new double[] {0.3, -1.2, 0.5, 1.1, 0.2, -0.7}, 2, 3);
        double[] uninterrupted;
        Saved saved;
        try (Mlp mlp = newMlp(); Adam adam = new Adam(backend, 0.01)) {
            train(mlp, adam, x, 3);
            saved = save(adam, mlp.namedParameters().asMap());
            train(mlp, adam, x, 1);
            uninterrupted = values(mlp.namedParameters().asMap()).get(0);
        }
        try (Mlp mlp = newMlp(); Adam adam = new Adam(backend, 0.01)) {
            restore(adam, mlp.namedParameters().asMap(), new Saved(0, saved.values(), Map.of()));
            train(mlp, adam, x, 1);
            assertThat(values(mlp.namedParameters().asMap()).get(0)).isNotEqualTo(uninterrupted);
        }
        x.close();
    }

    @Test
    void restoreCopiesTheMomentsAndReplacesEarlierState() {
        long before = backend.diagnostics().liveTensors();
        try (Parameter p = new Parameter("p", ops.fromDoubles(new double[] {1, 2}, 2)); Adam adam = new Adam(backend, 0.1)) {
            try (TensorScope step = backend.openScope()) {
                adam.step(d.backward(d.sum(d.mul(p, p))), step);
            }
            Map<String, Parameter> params = Map.of("p", p);
            Tensor m = ops.fromDoubles(new double[] {0.5, -0.5}, 2);
            Tensor v = ops.fromDoubles(new double[] {0.25, 0.75}, 2);
            adam.restore(7, params, Map.of("p", new Tensor[] {m, v}));
            m.close();
            v.close();
            // the caller's tensors are closed; the optimizer holds its own copies
            assertThat(adam.steps()).isEqualTo(7);
            assertThat(ops.toDoubles(adam.state(params).get("p")[0])).containsExactly(0.5, -0.5);
            assertThat(ops.toDoubles(adam.state(params).get("p")[1])).containsExactly(0.25, 0.75);
            // parameter plus two moments: the moments of the first step were released
            assertThat(backend.diagnostics().liveTensors() - before).isEqualTo(3);
        }
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(before);
    }

    @Test
    void stateListsOnlyUpdatedParametersByTheGivenNames() {
        try (Parameter a = new Parameter("a", ops.fromDoubles(new double[] {1}, 1));
             Parameter b = new Parameter("b", ops.fromDoubles(new double[] {2}, 1));
             Adam adam = new Adam(backend, 0.1)) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            params.put("layer.a", a);
            params.put("layer.b", b);
            assertThat(adam.state(params)).isEmpty();
            try (TensorScope step = backend.openScope()) {
                adam.step(d.backward(d.sum(d.mul(a, a))), step);
            }
            assertThat(adam.state(params)).containsOnlyKeys("layer.a");
        }
    }

    @Test
    void restoreRejectsUnknownNamesWrongShapesAndNegativeSteps() {
        try (Parameter p = new Parameter("p", ops.fromDoubles(new double[] {1, 2}, 2));
             Adam adam = new Adam(backend, 0.1);
             TensorScope scope = backend.openScope()) {
            Map<String, Parameter> params = Map.of("p", p);
            Tensor two = ops.fromDoubles(new double[] {0, 0}, 2);
            Tensor three = ops.fromDoubles(new double[] {0, 0, 0}, 3);
            assertThatThrownBy(() -> adam.restore(1, params, Map.of("q", new Tensor[] {two, two})))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter q");
            assertThatThrownBy(() -> adam.restore(1, params, Map.of("p", new Tensor[] {two, three})))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2]").hasMessageContaining("[3]");
            assertThatThrownBy(() -> adam.restore(-1, params, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
            assertThat(adam.steps()).isZero();
        }
    }

    private Mlp newMlp() {
        return new Mlp(d, SIZES, Activation.RELU, true, DType.FLOAT64, new RandomStream(11));
    }

    private void train(Mlp mlp, Adam adam, Tensor x, int steps) {
        for (int i = 0; i < steps; i++) {
            try (TensorScope s = backend.openScope()) {
                Var out = mlp.forward(d.constant(x));
                adam.step(d.backward(d.mean(d.mul(out, out))), s);
            }
        }
    }

    private Saved save(Adam adam, Map<String, Parameter> params) {
        Map<String, double[]> values = new LinkedHashMap<>();
        params.forEach((name, p) -> values.put(name, ops.toDoubles(p.value())));
        Map<String, double[][]> moments = new LinkedHashMap<>();
        adam.state(params).forEach((name, mv) -> moments.put(name, new double[][] {ops.toDoubles(mv[0]), ops.toDoubles(mv[1])}));
        assertThat(moments).containsOnlyKeys(params.keySet());
        return new Saved(adam.steps(), values, moments);
    }

    private void restore(Adam adam, Map<String, Parameter> params, Saved saved) {
        Map<String, Tensor[]> moments = new LinkedHashMap<>();
        saved.moments().forEach((name, mv) -> {
            int[] shape = params.get(name).value().shape();
            moments.put(name, new Tensor[] {ops.fromDoubles(mv[0], shape), ops.fromDoubles(mv[1], shape)});
        });
        adam.restore(saved.steps(), params, moments);
        moments.values().forEach(mv -> {
            mv[0].close();
            mv[1].close();
        });
        params.forEach((name, p) -> p.set(ops.fromDoubles(saved.values().get(name), p.value().shape())));
    }

    private List<double[]> values(Map<String, Parameter> params) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : params.values()) {
            out.add(ops.toDoubles(p.value()));
        }
        return out;
    }
}
