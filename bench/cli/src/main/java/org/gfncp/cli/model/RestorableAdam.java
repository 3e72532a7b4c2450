package org.gfncp.cli.model;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.diff.Parameter;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.core.optim.Optimizer;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.TensorOps;

/**
 * Adam (PyTorch semantics, optional coupled L2 weight decay) whose state can be saved to and restored from a
 * checkpoint, which exact resumption needs. Same update as {@code org.gfncp.core.optim.Adam}; that class has no way to
 * set its moments or step count from outside.
 */
final class RestorableAdam implements Optimizer {

    private final Backend backend;
    private final TensorOps ops;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<Parameter, Tensor[]> moments = new IdentityHashMap<>();
    private double learningRate;
    private long steps;

    RestorableAdam(Backend backend, double learningRate, double weightDecay) {
        if (!(learningRate >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: learning rate " + learningRate + " and weight decay " + weightDecay
                    + " must be >= 0");
        }
        this.backend = backend;
        this.ops = backend.ops();
        this.learningRate = learningRate;
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.eps = 1e-8;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(Gradients gradients) {
        update(gradients, null);
    }

    @Override
    public void step(Gradients gradients, TensorScope stepScope) {
        update(gradients, stepScope);
    }

    private void update(Gradients gradients, TensorScope stepScope) {
        steps++;
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = 1 - Math.pow(beta2, steps);
        for (Parameter p : gradients.parameters()) {
            Tensor[] state = moments.get(p);
            Tensor m;
            Tensor v;
            Tensor next;
            try (TensorScope work = backend.openScope()) {
                Tensor value = p.value();
                Tensor g = gradients.get(p);
                if (weightDecay != 0) {
                    g = ops.add(g, ops.mulScalar(value, weightDecay));
                }
                Tensor gm = ops.mulScalar(g, 1 - beta1);
                m = state == null ? gm : ops.add(ops.mulScalar(state[0], beta1), gm);
                Tensor gv = ops.mulScalar(ops.mul(g, g), 1 - beta2);
                v = state == null ? gv : ops.add(ops.mulScalar(state[1], beta2), gv);
                Tensor denom = ops.addScalar(ops.mulScalar(ops.sqrt(v), 1 / Math.sqrt(c2)), eps);
                next = ops.add(value, ops.mulScalar(ops.div(m, denom), -learningRate / c1));
                work.keep(m);
                work.keep(v);
                work.keep(next);
            }
            if (stepScope != null) {
                stepScope.keep(m);
                stepScope.keep(v);
                stepScope.keep(next);
            }
            release(state);
            moments.put(p, new Tensor[] {m, v});
            p.set(next);
        }
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public void setLearningRate(double learningRate) {
        if (!(learningRate >= 0)) {
            throw new IllegalArgumentException("learning rate must be >= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public long steps() {
        return steps;
    }

    /** {@code optim/steps} and, per updated parameter, {@code optim/m/<name>} and {@code optim/v/<name>}. */
    List<NamedTensor> state(Map<String, Parameter> parameters) {
        List<NamedTensor> out = new ArrayList<>();
        out.add(new NamedTensor("optim/steps", new int[] {}, new float[] {steps}));
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            Tensor[] state = moments.get(entry.getValue());
            if (state != null) {
                out.add(new NamedTensor("optim/m/" + entry.getKey(), state[0].shape(), ops.toFloats(state[0])));
                out.add(new NamedTensor("optim/v/" + entry.getKey(), state[1].shape(), ops.toFloats(state[1])));
            }
        }
        return out;
    }

    /** Restores what {@link #state} saved; call outside any tensor scope. */
    void restore(Map<String, Parameter> parameters, Map<String, NamedTensor> tensors) {
        NamedTensor stepCount = tensors.get("optim/steps");
        if (stepCount == null) {
            throw new IllegalArgumentException("checkpoint has no optimizer state (optim/steps)");
        }
        steps = (long) stepCount.data()[0];
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            NamedTensor m = tensors.get("optim/m/" + entry.getKey());
            NamedTensor v = tensors.get("optim/v/" + entry.getKey());
            if (m == null || v == null) {
                continue;
            }
            release(moments.remove(entry.getValue()));
            moments.put(entry.getValue(), new Tensor[] {ops.fromFloats(m.data(), m.shape()), ops.fromFloats(v.data(), v.shape())});
        }
    }

    private static void release(Tensor[] state) {
        if (state != null) {
            state[0].close();
            state[1].close();
        }
    }

    @Override
    public void close() {
        moments.values().forEach(RestorableAdam::release);
        moments.clear();
    }
}
