package org.gfncp.spi.backend;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;

/**
 * The scope rules and live counts shared by every backend, so that memory behaves the same on each engine:
 * a new tensor joins the innermost open scope of the creating thread; closing a scope releases what it owns;
 * {@code keep} moves a tensor to the enclosing scope (or to the caller when there is none).
 */
public final class TensorTracker {

    private final ThreadLocal<ArrayDeque<Scope>> stacks = ThreadLocal.withInitial(ArrayDeque::new);
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();

    /** Opens a scope on the calling thread. */
    public TensorScope openScope() {
        Scope s = new Scope(Thread.currentThread());
        stacks.get().push(s);
        return s;
    }

    public BackendDiagnostics diagnostics() {
        return new BackendDiagnostics(live.get(), liveBytes.get());
    }

    void register(AbstractTensor t) {
        live.incrementAndGet();
        liveBytes.addAndGet(t.size() * t.dtype().bytes());
        Scope s = stacks.get().peek();
        if (s != null) {
            s.adopt(t);
        }
    }

    void unregister(AbstractTensor t) {
        live.decrementAndGet();
        liveBytes.addAndGet(-t.size() * t.dtype().bytes());
        if (t.owner != null) {
            t.owner.owned.remove(t);
            t.owner = null;
        }
    }

    /** One arena; see {@link TensorScope}. */
    final class Scope implements TensorScope {
        private final Thread thread;
        final Set<AbstractTensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        private Scope parent;
        private boolean closed;

        Scope(Thread thread) {
            this.thread = thread;
            this.parent = stacks.get().peek();
        }

        void adopt(AbstractTensor t) {
            owned.add(t);
            t.owner = this;
        }

        @Override
        public <T extends Tensor> T keep(T t) {
            if (!(t instanceof AbstractTensor a) || a.owner != this) {
                if (t instanceof AbstractTensor a2 && a2.owner == null) {
                    return t; // already owned by the caller
                }
                throw new IllegalArgumentException("keep: " + t + " is not owned by this scope");
            }
            owned.remove(a);
            a.owner = null;
            Scope p = parent;
            while (p != null && p.closed) {
                p = p.parent;
            }
            if (p != null) {
                p.adopt(a);
            }
            return t;
        }

        @Override
        public int owned() {
            return owned.size();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                throw new IllegalStateException("a TensorScope must be closed on the thread that opened it");
            }
            closed = true;
            for (AbstractTensor t : owned.toArray(new AbstractTensor[0])) {
                t.close();
            }
            owned.clear();
            ArrayDeque<Scope> stack = stacks.get();
            stack.remove(this);
        }
    }
}
