package org.gfncp.backend.reference;

import java.util.EnumSet;
import java.util.Set;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendDiagnostics;
import org.gfncp.spi.backend.Capability;
import org.gfncp.spi.backend.TensorOps;
import org.gfncp.spi.backend.TensorTracker;

/**
 * The pure-Java backend. Its tensors live on the Java heap, so closing the backend has nothing native to free;
 * tensors still follow the shared scope rules so that memory tests behave as on the native engines.
 */
public final class ReferenceBackend implements Backend {

    private final TensorTracker tracker = new TensorTracker();
    private final ReferenceOps ops = new ReferenceOps(tracker);

    @Override
    public String name() {
        return ReferenceBackendProvider.NAME;
    }

    @Override
    public String engineVersion() {
        return "GFNCP pure-Java reference kernels (float64 arithmetic, Java " + Runtime.version().feature() + ")";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.PURE_JAVA, Capability.DETERMINISTIC);
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    @Override
    public TensorScope openScope() {
        return tracker.openScope();
    }

    @Override
    public BackendDiagnostics diagnostics() {
        return tracker.diagnostics();
    }

    @Override
    public void close() {
        // Heap arrays are reclaimed by the garbage collector once their tensors are unreachable.
    }
}
