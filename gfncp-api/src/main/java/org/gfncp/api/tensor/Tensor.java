package org.gfncp.api.tensor;

/**
 * An opaque handle to an array that lives in a backend (host memory or a device).
 * A tensor carries no math; all operations go through {@link org.gfncp.spi.backend.TensorOps}.
 *
 * <p>Ownership: a tensor created while a {@link TensorScope} is open on the current thread belongs to the
 * innermost such scope and is released when that scope closes, unless {@link TensorScope#keep(Tensor)} promoted it.
 * A tensor created with no scope open is owned by the caller, who must {@link #close()} it.
 */
public interface Tensor extends AutoCloseable {

    /** The dimensions, outermost first. A scalar has shape {@code []}. The returned array is a copy. */
    int[] shape();

    DType dtype();

    /** Number of dimensions. */
    default int rank() {
        return shape().length;
    }

    /** Number of elements. */
    default long size() {
        return Shapes.size(shape());
    }

    /** Size of one dimension; negative indices count from the end. */
    default int dim(int axis) {
        int[] s = shape();
        return s[Shapes.axis(axis, s.length)];
    }

    /** True once the native memory behind this handle is released. */
    boolean isClosed();

    /** Releases the native memory now. Idempotent. */
    @Override
    void close();
}
