package org.gfncp.core.algo.pointwise;

import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.TensorOps;

/** Host arrays to tensors of a model's floating dtype. */
final class HostArrays {

    private HostArrays() {
    }

    static Tensor tensor(TensorOps ops, DType dtype, double[] values, int... shape) {
        if (dtype == DType.FLOAT64) {
            return ops.fromDoubles(values, shape);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return ops.fromFloats(f, shape);
    }
}
