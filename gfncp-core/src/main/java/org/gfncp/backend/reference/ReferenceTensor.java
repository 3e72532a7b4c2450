package org.gfncp.backend.reference;

import org.gfncp.api.tensor.DType;
import org.gfncp.spi.backend.AbstractTensor;
import org.gfncp.spi.backend.TensorTracker;

/**
 * A tensor held as a row-major {@code double[]}. FLOAT32 values are already rounded to float and INT32 values are
 * whole numbers; the array is never modified after construction, so shape-only kernels may share it.
 */
final class ReferenceTensor extends AbstractTensor {

    private double[] data;

    ReferenceTensor(double[] data, int[] shape, DType dtype, TensorTracker tracker) {
        super(shape, dtype, tracker);
        this.data = data;
    }

    /** The elements; fails when the tensor was released. Callers must not modify the array. */
    double[] data() {
        ensureOpen();
        return data;
    }

    int[] dims() {
        return shapeRef();
    }

    @Override
    protected void release() {
        data = null;
    }
}
