package org.gfncp.backend.djl;

import ai.djl.ndarray.NDArray;
import org.gfncp.api.tensor.DType;
import org.gfncp.spi.backend.AbstractTensor;
import org.gfncp.spi.backend.TensorTracker;

/** A tensor backed by one PyTorch array. The array is closed exactly once, when this handle is released. */
final class DjlTensor extends AbstractTensor {

    private final NDArray array;

    DjlTensor(NDArray array, int[] shape, DType dtype, TensorTracker tracker) {
        super(shape, dtype, tracker);
        this.array = array;
    }

    /** The native array; fails when this tensor was already released. */
    NDArray array() {
        ensureOpen();
        return array;
    }

    /** The shape without a copy, for kernels. */
    int[] dims() {
        return shapeRef();
    }

    @Override
    protected void release() {
        array.close();
    }
}
