package org.gfncp.core.diff;

import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.TensorOps;

/**
 * Sums the gradients of several backward passes (NCP averages its loss over several orderings of one set, each
 * its own pass). Gradients are overwritten by {@link Diff#backward} by default; accumulation happens only here.
 */
public final class GradientBuffer implements AutoCloseable {

    private final TensorOps ops;
    private Gradients sum;
    private int passes;

    public GradientBuffer(TensorOps ops) {
        this.ops = ops;
    }

    /**
     * Adds the gradients of one pass, taking ownership of {@code pass}: the first pass becomes the running sum
     * as it is (no copy), later ones are added and released.
     */
    public void add(Gradients pass) {
        if (sum == null || sum.size() == 0) {
            if (sum != null) {
                sum.close();
            }
            sum = pass;
        } else {
            sum.accumulate(pass);
            pass.close();
        }
        passes++;
    }

    /** Number of passes added since the last {@link #clear()}. */
    public int passes() {
        return passes;
    }

    /** The running sum (empty before the first pass); owned by this buffer until {@link #clear()}. */
    public Gradients sum() {
        if (sum == null) {
            sum = new Gradients(ops);
        }
        return sum;
    }

    /** Moves the accumulated tensors out of {@code scope}; used when passes span several step scopes. */
    public void keep(TensorScope scope) {
        if (sum != null) {
            sum.keep(scope);
        }
    }

    /** Releases the running sum and starts over. */
    public void clear() {
        if (sum != null) {
            sum.close();
        }
        sum = null;
        passes = 0;
    }

    @Override
    public void close() {
        clear();
    }
}
