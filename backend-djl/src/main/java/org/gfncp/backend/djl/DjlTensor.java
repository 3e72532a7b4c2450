package org.gfncp.backend.djl;

import ai.djl.ndarray.NDArray;
import org.gfncp.api.tensor.DType;
import org.gfncp.spi.backend.AbstractTensor;
import org.gfncp.spi.backend.TensorTracker;

/**
 * A tensor backed by one PyTorch array. The array is closed exactly once, when this handle is released.
 *
 * <p>A comparison result may be backed by libtorch's BOOLEAN array instead: its 0/1 array of the declared dtype
 * is made only when some kernel reads it (and then replaces the BOOLEAN one), because the usual consumer, {@code where} (as in ReLU's backward pass),
 * takes the BOOLEAN array directly. That saves two full passes (bool to float and back) per comparison.
 */
final class DjlTensor extends AbstractTensor {

    private NDArray array;
    private NDArray mask;

    DjlTensor(NDArray array, int[] shape, DType dtype, TensorTracker tracker) {
        super(shape, dtype, tracker);
        this.array = array;
        this.mask = null;
    }

    private DjlTensor(NDArray mask, int[] shape, DType dtype, TensorTracker tracker, boolean isMask) {
        super(shape, dtype, tracker);
        this.array = null;
        this.mask = mask;
    }

    /** A 0/1 tensor of {@code dtype} backed by a BOOLEAN array, converted on first read. */
    static DjlTensor ofMask(NDArray mask, int[] shape, DType dtype, TensorTracker tracker) {
        return new DjlTensor(mask, shape, dtype, tracker, true);
    }

    /** The native array of the declared dtype; fails when this tensor was already released. */
    synchronized NDArray array() {
        ensureOpen();
        if (array == null) {
            // one native array per tensor, as everywhere else: the mask goes once the 0/1 array exists
            array = mask.toType(DjlOps.toDjl(dtype()), false);
            mask.close();
            mask = null;
        }
        return array;
    }

    /** The BOOLEAN array of a comparison result not yet read as numbers, or null. */
    synchronized NDArray mask() {
        ensureOpen();
        return mask;
    }

    /** The shape without a copy, for kernels. */
    int[] dims() {
        return shapeRef();
    }

    @Override
    protected synchronized void release() {
        if (array != null) {
            array.close();
        }
        if (mask != null) {
            mask.close();
        }
    }
}
