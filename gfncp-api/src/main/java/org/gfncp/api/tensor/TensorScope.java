package org.gfncp.api.tensor;

/**
 * An arena for tensors: every tensor created on this thread while the scope is the innermost open one is
 * released when the scope closes. Scopes nest per thread, like JavaCPP's PointerScope and DJL's NDScope.
 *
 * <pre>{@code
 * try (TensorScope step = backend.openScope()) {
 *     Tensor loss = ...;            // temporaries die with the scope
 *     result = step.keep(loss);     // except what is kept: it moves to the enclosing scope
 * }
 * }</pre>
 */
public interface TensorScope extends AutoCloseable {

    /**
     * Moves {@code t} out of this scope into the enclosing one, or, when there is none, hands it to the caller
     * who must close it. Returns {@code t} for chaining.
     */
    <T extends Tensor> T keep(T t);

    /** Number of tensors this scope still owns. */
    int owned();

    /** Releases every tensor this scope still owns. Must be called on the thread that opened it; idempotent. */
    @Override
    void close();
}
