package org.gfncp.core.diff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.TensorOps;

/**
 * Gradients of one scalar with respect to the {@link Parameter}s it depends on, in the order the backward pass
 * reached them. The tensors belong to the scope that was innermost during {@link Diff#backward}; {@link #close()}
 * releases them earlier, {@link #keep(TensorScope)} moves them out of a step scope.
 */
public final class Gradients implements AutoCloseable {

    private final TensorOps ops;
    private final Map<Parameter, Tensor> byParameter = new IdentityHashMap<>();
    private final List<Parameter> order = new ArrayList<>();

    Gradients(TensorOps ops) {
        this.ops = ops;
    }

    void put(Parameter p, Tensor g) {
        if (byParameter.put(p, g) == null) {
            order.add(p);
        }
    }

    /** The gradient for {@code p}, or {@code null} when the loss does not depend on it. */
    public Tensor get(Parameter p) {
        return byParameter.get(p);
    }

    public boolean contains(Parameter p) {
        return byParameter.containsKey(p);
    }

    /** The parameters that have a gradient, in the order they were first reached. */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(order);
    }

    public int size() {
        return order.size();
    }

    /** Takes the gradient of {@code p} out of this set (the caller then owns it), or null when it has none. */
    public Tensor remove(Parameter p) {
        Tensor g = byParameter.remove(p);
        if (g != null) {
            order.remove(p);
        }
        return g;
    }

    /** Replaces the gradient of {@code p} (for example after clipping), releasing the previous tensor. */
    public void replace(Parameter p, Tensor g) {
        Tensor old = byParameter.get(p);
        if (old == null) {
            throw new IllegalArgumentException("no gradient for " + p + " to replace");
        }
        if (!Arrays.equals(old.shape(), g.shape())) {
            throw new IllegalArgumentException("replacement gradient for " + p + " has shape "
                    + Arrays.toString(g.shape()) + ", expected " + Arrays.toString(old.shape()));
        }
        byParameter.put(p, g);
        if (old != g) {
            old.close();
        }
    }

    /**
     * Adds every gradient of {@code other} into this one (parameters only in {@code other} are added with a copy),
     * releasing this object's previous tensors; {@code other} is left untouched. Returns this.
     */
    public Gradients accumulate(Gradients other) {
        for (Parameter p : other.order) {
            Tensor g = other.byParameter.get(p);
            Tensor mine = byParameter.get(p);
            if (mine == null) {
                put(p, ops.mulScalar(g, 1.0));
            } else {
                byParameter.put(p, ops.add(mine, g));
                mine.close();
            }
        }
        return this;
    }

    /** Multiplies every gradient by {@code factor} (for averaging accumulated passes). Returns this. */
    public Gradients scale(double factor) {
        for (Parameter p : order) {
            Tensor old = byParameter.get(p);
            byParameter.put(p, ops.mulScalar(old, factor));
            old.close();
        }
        return this;
    }

    /** Moves every gradient tensor out of {@code scope} (see {@link TensorScope#keep}). Returns this. */
    public Gradients keep(TensorScope scope) {
        for (Tensor g : byParameter.values()) {
            scope.keep(g);
        }
        return this;
    }

    /** Releases every gradient tensor now. */
    @Override
    public void close() {
        for (Tensor g : byParameter.values()) {
            g.close();
        }
        byParameter.clear();
        order.clear();
    }

    /** Gradients by parameter name, for diagnostics. */
    public Map<String, Tensor> byName() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Parameter p : order) {
            m.put(p.name(), byParameter.get(p));
        }
        return m;
    }
}
