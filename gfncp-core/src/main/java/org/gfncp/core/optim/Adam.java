package org.gfncp.core.optim;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.diff.Parameter;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.TensorOps;

/**
 * Adam with bias correction (PyTorch's {@code torch.optim.Adam}): {@code m = b1 m + (1-b1) g},
 * {@code v = b2 v + (1-b2) g^2}, {@code p -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}. Weight decay is
 * either added to the gradient (Adam's L2 form, PyTorch's default) or, when decoupled, applied to the weights
 * (AdamW). State is created on a parameter's first gradient. {@link #state} and {@link #restore} export and set the
 * step count and moments, so that a run continued from a checkpoint takes exactly the steps the uninterrupted run
 * would have taken.
 */
public final class Adam implements Optimizer {

    private static final class State {
        Tensor m;
        Tensor v;
    }

    private final Backend backend;
    private final TensorOps ops;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Map<Parameter, State> states = new IdentityHashMap<>();
    private double learningRate;
    private long steps;

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(Backend backend, double learningRate) {
        this(backend, learningRate, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(Backend backend, double learningRate, double beta1, double beta2, double eps, double weightDecay,
                boolean decoupled) {
        if (!(learningRate >= 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0)
                || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: lr " + learningRate + ", betas (" + beta1 + ", " + beta2
                    + "), eps " + eps + ", weight decay " + weightDecay + " out of range");
        }
        this.backend = backend;
        this.ops = backend.ops();
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
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
            State s = states.computeIfAbsent(p, k -> new State());
            Tensor m;
            Tensor v;
            Tensor next;
            try (TensorScope work = backend.openScope()) {
                Tensor value = p.value();
                Tensor g = gradients.get(p);
                if (weightDecay != 0 && !decoupled) {
                    g = ops.add(g, ops.mulScalar(value, weightDecay));
                }
                Tensor gm = ops.mulScalar(g, 1 - beta1);
                m = s.m == null ? gm : ops.add(ops.mulScalar(s.m, beta1), gm);
                Tensor gv = ops.mulScalar(ops.mul(g, g), 1 - beta2);
                v = s.v == null ? gv : ops.add(ops.mulScalar(s.v, beta2), gv);
                Tensor denom = ops.addScalar(ops.mulScalar(ops.sqrt(v), 1 / Math.sqrt(c2)), eps);
                Tensor delta = ops.mulScalar(ops.div(m, denom), -learningRate / c1);
                Tensor base = weightDecay != 0 && decoupled ? ops.mulScalar(value, 1 - learningRate * weightDecay) : value;
                next = ops.add(base, delta);
                work.keep(m);
                work.keep(v);
                work.keep(next);
            }
            if (stepScope != null) {
                stepScope.keep(m);
                stepScope.keep(v);
                stepScope.keep(next);
            }
            if (s.m != null) {
                s.m.close();
                s.v.close();
            }
            s.m = m;
            s.v = v;
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

    /** First and second moment estimates of {@code p}, or null before its first update (for checkpoints). */
    public Tensor[] moments(Parameter p) {
        State s = states.get(p);
        return s == null || s.m == null ? null : new Tensor[] {s.m, s.v};
    }

    /**
     * The moments {@code {m, v}} of every parameter in {@code parameters} that has been updated, by the map's names
     * (in its order). The tensors still belong to this optimizer and stay valid until its next step or close.
     */
    public Map<String, Tensor[]> state(Map<String, Parameter> parameters) {
        Map<String, Tensor[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            Tensor[] moments = moments(entry.getValue());
            if (moments != null) {
                out.put(entry.getKey(), moments);
            }
        }
        return out;
    }

    /**
     * Sets the step count and, by the names of {@code parameters}, the moments {@code {m, v}} that {@link #state}
     * exported; parameters without an entry start without state. The moments are copied (in the parameter's dtype),
     * so the caller keeps its tensors. Call outside any tensor scope, as the copies must outlive it.
     *
     * @throws IllegalArgumentException for a negative step count, a name not in {@code parameters}, or moments whose
     *     shapes differ from the parameter's
     */
    public void restore(long steps, Map<String, Parameter> parameters, Map<String, Tensor[]> moments) {
        if (steps < 0) {
            throw new IllegalArgumentException("Adam: step count must be >= 0, got " + steps);
        }
        for (Map.Entry<String, Tensor[]> entry : moments.entrySet()) {
            Parameter p = parameters.get(entry.getKey());
            if (p == null) {
                throw new IllegalArgumentException("Adam: moments for unknown parameter " + entry.getKey() + "; known: "
                        + parameters.keySet());
            }
            Tensor[] mv = entry.getValue();
            int[] shape = p.value().shape();
            if (mv.length != 2 || !Arrays.equals(mv[0].shape(), shape) || !Arrays.equals(mv[1].shape(), shape)) {
                throw new IllegalArgumentException("Adam: moments of " + entry.getKey() + " must be {m, v} of shape "
                        + Arrays.toString(shape) + ", got " + Arrays.toString(Arrays.stream(mv).map(t -> Arrays.toString(t.shape())).toArray()));
            }
        }
        close();
        this.steps = steps;
        for (Map.Entry<String, Tensor[]> entry : moments.entrySet()) {
            Parameter p = parameters.get(entry.getKey());
            State s = new State();
            s.m = ops.cast(entry.getValue()[0], p.value().dtype());
            s.v = ops.cast(entry.getValue()[1], p.value().dtype());
            states.put(p, s);
        }
    }

    @Override
    public void close() {
        for (State s : states.values()) {
            if (s.m != null) {
                s.m.close();
                s.v.close();
            }
        }
        states.clear();
    }
}
