package org.gfncp.spi.backend;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;

/**
 * The plumbing every backend shares: its name, version text and capabilities, and the {@link TensorTracker}
 * behind {@link #openScope()} and {@link #diagnostics()}. A subclass supplies the engine: its kernels and what
 * {@link #close()} frees.
 */
public abstract class AbstractBackend implements Backend {

    private final String name;
    private final String engineVersion;
    private final Set<Capability> capabilities;
    private final TensorTracker tracker = new TensorTracker();

    /** {@code capabilities} is kept as given; {@link #capabilities(boolean, Capability...)} makes a suitable one. */
    protected AbstractBackend(String name, String engineVersion, Set<Capability> capabilities) {
        this.name = name;
        this.engineVersion = engineVersion;
        this.capabilities = capabilities;
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
    public final String engineVersion() {
        return engineVersion;
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
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
