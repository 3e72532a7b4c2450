package org.gfncp.core.optim;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.core.diff.Gradients;
import org.gfncp.core.diff.Parameter;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.TensorOps;

/** Global-norm gradient clipping, as PyTorch's {@code clip_grad_norm_}: one host read of the norm per call. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** The L2 norm of all gradients taken together. */
    public static double globalNorm(Backend backend, Gradients gradients) {
        TensorOps ops = backend.ops();
        try (TensorScope work = backend.openScope()) {
            Tensor total = null;
            for (Parameter p : gradients.parameters()) {
                Tensor g = gradients.get(p);
                Tensor sq = ops.sum(ops.mul(g, g), allAxes(g.rank()), false);
                Tensor d = ops.cast(sq, DType.FLOAT64);
                total = total == null ? d : ops.add(total, d);
            }
            return total == null ? 0 : Math.sqrt(ops.toDoubles(total)[0]);
        }
    }

    /**
     * Scales every gradient by {@code maxNorm / (norm + 1e-6)} when that is below 1; returns the norm before
     * clipping. Replaced gradients join the scope that is innermost at the call.
     */
    public static double clipGlobalNorm(Backend backend, Gradients gradients, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max norm must be > 0, got " + maxNorm);
        }
        double norm = globalNorm(backend, gradients);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            TensorOps ops = backend.ops();
            for (Parameter p : gradients.parameters()) {
                gradients.replace(p, ops.mulScalar(gradients.get(p), coef));
            }
        }
        return norm;
    }

    private static int[] allAxes(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = i;
        }
        return a;
    }
}
