package org.gfncp.backend.reference;

import org.gfncp.spi.backend.AbstractBackend;
import org.gfncp.spi.backend.Capability;
import org.gfncp.spi.backend.TensorOps;

/**
 * The pure-Java backend. Its tensors live on the Java heap, so closing the backend has nothing native to free;
 * tensors still follow the shared scope rules so that memory tests behave as on the native engines.
 */
public final class ReferenceBackend extends AbstractBackend {

    private final ReferenceOps ops = new ReferenceOps(tracker());

    public ReferenceBackend() {
        super(ReferenceBackendProvider.NAME, "GFNCP pure-Java reference kernels (float64 arithmetic, Java "
                + Runtime.version().feature() + ")", capabilities(true, Capability.PURE_JAVA));
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    @Override
    public void close() {
        // Heap arrays are reclaimed by the garbage collector once their tensors are unreachable.
    }
}
