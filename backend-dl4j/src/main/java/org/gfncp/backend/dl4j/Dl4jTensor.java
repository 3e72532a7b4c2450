package org.gfncp.backend.dl4j;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.gfncp.api.tensor.DType;
import org.gfncp.spi.backend.AbstractTensor;
import org.gfncp.spi.backend.TensorTracker;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A tensor backed by a C-ordered, dense {@link INDArray}. Reshapes share the native buffer instead of copying it,
 * so the buffer is reference-counted: the array that allocated it is closed when the last tensor using it goes.
 */
final class Dl4jTensor extends AbstractTensor {

    /** One native allocation and the number of open tensors that read it. */
    static final class Storage {
        private final INDArray owner;
        private final AtomicInteger refs = new AtomicInteger(1);

        Storage(INDArray owner) {
            this.owner = owner;
        }

        Storage retain() {
            refs.incrementAndGet();
            return this;
        }

        void release() {
            if (refs.decrementAndGet() == 0 && owner.closeable()) {
                owner.close();
            }
        }
    }

    private INDArray array;
    private final Storage storage;
    private final Set<Dl4jTensor> live;

    Dl4jTensor(INDArray array, Storage storage, int[] shape, DType dtype, TensorTracker tracker, Set<Dl4jTensor> live) {
        super(shape, dtype, tracker);
        this.array = array;
        this.storage = storage;
        this.live = live;
        live.add(this);
    }

    /** The engine array; fails when this tensor was released. Kernels never modify it. */
    INDArray array() {
        ensureOpen();
        return array;
    }

    Storage storage() {
        return storage;
    }

    int[] dims() {
        return shapeRef();
    }

    @Override
    protected void release() {
        array = null;
        live.remove(this);
        storage.release();
    }
}
