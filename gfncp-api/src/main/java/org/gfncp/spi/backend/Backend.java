package org.gfncp.spi.backend;

import java.util.Set;
import org.gfncp.api.tensor.TensorScope;

/**
 * A loaded tensor engine. Created lazily by {@link BackendProvider#create(BackendConfig)}; this is where native
 * code is loaded. Closing it releases everything it still holds.
 */
public interface Backend extends AutoCloseable {

    /** The provider's name, e.g. {@code "djl"}. */
    String name();

    /** Engine and version in words, e.g. {@code "PyTorch 2.7.1 via DJL 0.36.0"}. */
    String engineVersion();

    Set<Capability> capabilities();

    /** The forward kernels. */
    TensorOps ops();

    /** Opens a scope on the calling thread; see {@link TensorScope}. */
    TensorScope openScope();

    /** Live tensor counts, for memory tests and monitoring. */
    BackendDiagnostics diagnostics();

    @Override
    void close();
}
