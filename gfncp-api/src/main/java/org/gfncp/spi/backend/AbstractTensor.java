package org.gfncp.spi.backend;

import java.util.Arrays;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Shapes;
import org.gfncp.api.tensor.Tensor;

/**
 * Base class for a backend's tensor handle: holds shape and dtype, registers with the backend's
 * {@link TensorTracker} on creation and releases the engine memory exactly once.
 */
public abstract class AbstractTensor implements Tensor {

    private final int[] shape;
    private final DType dtype;
    private final TensorTracker tracker;
    private boolean closed;
    TensorTracker.Scope owner;

    protected AbstractTensor(int[] shape, DType dtype, TensorTracker tracker) {
        this.shape = shape.clone();
        this.dtype = dtype;
        this.tracker = tracker;
        tracker.register(this);
    }

    @Override
    public final int[] shape() {
        return shape.clone();
    }

    /** The shape without a defensive copy, for kernels; never modify it. */
    protected final int[] shapeRef() {
        return shape;
    }

    @Override
    public final int rank() {
        return shape.length;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final long size() {
        return Shapes.size(shape);
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    /** Fails with a clear message when this tensor was already released. */
    public final void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("tensor " + this + " was released (its scope closed or close() was called)");
        }
    }

    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        tracker.unregister(this);
        release();
    }

    /** Frees the engine memory. Called once. */
    protected abstract void release();

    @Override
    public String toString() {
        return getClass().getSimpleName() + dtype + Arrays.toString(shape) + (closed ? "(closed)" : "");
    }
}
