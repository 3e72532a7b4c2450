package org.gfncp.spi.backend;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;

/**
 * The plumbing every backend shares: its name, the {@link TensorTracker} behind {@link #openScope()} and
 * {@link #diagnostics()}, and the capability set. A subclass supplies the engine: its kernels, version text and
 * what {@link #close()} frees.
 */
public abstract class AbstractBackend implements Backend {

    private final String name;
    private final TensorTracker tracker = new TensorTracker();

    protected AbstractBackend(String name) {
        this.name = name;
    }

    /**
     * The capabilities of an engine that is {@code deterministic} (typically: runs one intra-op thread) and
     * always has {@code always}; unmodifiable.
     */
    protected static Set<Capability> capabilities(boolean deterministic, Capability... always) {
        EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
        Collections.addAll(caps, always);
        if (deterministic) {
            caps.add(Capability.DETERMINISTIC);
        }
        return Collections.unmodifiableSet(caps);
    }

    /** Closes every tensor in {@code live}, whichever scope or caller owns it (a snapshot: closing edits it). */
    protected static void closeAll(Collection<? extends Tensor> live) {
        for (Tensor t : live.toArray(new Tensor[0])) {
            t.close();
        }
    }

    /** The tracker the backend's tensors register with (their constructors pass it to {@link AbstractTensor}). */
    public final TensorTracker tracker() {
        return tracker;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final TensorScope openScope() {
        return tracker.openScope();
    }

    @Override
    public final BackendDiagnostics diagnostics() {
        return tracker.diagnostics();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + engineVersion() + "]";
    }
}
