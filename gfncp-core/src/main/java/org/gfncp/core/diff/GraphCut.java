package org.gfncp.core.diff;

import org.gfncp.api.diff.Var;
import org.gfncp.api.tensor.Tensor;

/**
 * Splits backward passes at intermediate values. Losses built on the cut's {@link #leaf leaves} instead of the
 * values themselves backpropagate only down to the leaves; {@link #collect} sums what reaches each leaf, and
 * {@link #finish} then takes that sum through the graph below the values in one pass (the vector-Jacobian product
 * of the values with the summed gradients). The parameter gradients are those of one backward pass through the
 * whole graph, summed in another order.
 *
 * <p>Why: several losses that share an expensive sub-graph (GFNCP's encoders under two teacher-forced halves and
 * the policy sample's energy), possibly backpropagated on different threads, would otherwise each traverse it.
 * {@link #collect} belongs to one thread; losses on the leaves may be built and backpropagated on any, and so may
 * the {@link #finish} passes once collecting is over. Closing the cut releases the collected sums (gradients handed in from another thread's
 * scope belong to no scope of this one).
 */
public final class GraphCut implements AutoCloseable {

    private final Diff diff;
    private final Var[] values;
    private final Parameter[] leaves;
    private final Tensor[] sums;

    /** Cuts at {@code values}; a null entry gets a null leaf and is ignored. */
    public GraphCut(Diff diff, Var... values) {
        this.diff = diff;
        this.values = values.clone();
        this.leaves = new Parameter[values.length];
        this.sums = new Tensor[values.length];
        for (int i = 0; i < values.length; i++) {
            // the leaf shares the value's tensor, owned by the value's scope: never close it
            leaves[i] = values[i] == null ? null : new Parameter("cut." + i, values[i].value());
        }
    }

    /** The stand-in for value {@code i}: the same tensor, a leaf of the tape (null where the value was null). */
    public Var leaf(int i) {
        return leaves[i];
    }

    /**
     * Moves the leaves' gradients out of {@code pass} into the running sums, leaving {@code pass} with parameter
     * gradients only. Returns {@code pass}.
     */
    public Gradients collect(Gradients pass) {
        for (int i = 0; i < leaves.length; i++) {
            Tensor g = leaves[i] == null ? null : pass.remove(leaves[i]);
            if (g == null) {
                continue;
            }
            if (sums[i] == null) {
                sums[i] = g;
            } else {
                Tensor sum = diff.ops().add(sums[i], g);
                sums[i].close();
                g.close();
                sums[i] = sum;
            }
        }
        return pass;
    }

    /**
     * The parameter gradients of the graph below value {@code i}, driven by the sum collected for it (empty when
     * nothing reached its leaf). The passes of different values are independent and may run on different
     * threads once every loss pass has been collected.
     */
    public Gradients finish(int i) {
        if (sums[i] == null) {
            return new Gradients(diff.ops());
        }
        return diff.backward(diff.sum(diff.mul(values[i], diff.constant(sums[i]))));
    }

    @Override
    public void close() {
        for (int i = 0; i < sums.length; i++) {
            if (sums[i] != null) {
                sums[i].close();
                sums[i] = null;
            }
        }
    }
}
