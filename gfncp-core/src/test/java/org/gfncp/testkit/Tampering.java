package org.gfncp.testkit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.backend.reference.ReferenceBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendDiagnostics;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.Capability;
import org.gfncp.spi.backend.TensorOps;

/** Deliberately broken reference backends, to show that a contract of the kit can fail. */
final class Tampering {

    private Tampering() {
    }

    /** A reference backend under {@code name} whose kernels pass through {@code tamper}, which may replace one. */
    static BackendProvider tampered(String name, UnaryOperator<TensorOps> tamper) {
        return new BackendProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return -1;
            }

            @Override
            public boolean isAvailable() {
                return true;
            }

            @Override
            public Backend create(BackendConfig config) {
                Backend inner = new ReferenceBackendProvider().create(config);
                TensorOps ops = tamper.apply(inner.ops());
                return new Backend() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public String engineVersion() {
                        return "tampered reference";
                    }

                    @Override
                    public Set<Capability> capabilities() {
                        return inner.capabilities();
                    }

                    @Override
                    public TensorOps ops() {
                        return ops;
                    }

                    @Override
                    public TensorScope openScope() {
                        return inner.openScope();
                    }

                    @Override
                    public BackendDiagnostics diagnostics() {
                        return inner.diagnostics();
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
            }
        };
    }

    /** Delegates every kernel to {@code ops} except {@code kernel}, which {@code replacement} computes. */
    static TensorOps replacing(TensorOps ops, String kernel, InvocationHandler replacement) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                if (method.getName().equals(kernel)) {
                    return replacement.invoke(proxy, method, args);
                }
                return method.invoke(ops, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (TensorOps) Proxy.newProxyInstance(TensorOps.class.getClassLoader(), new Class<?>[] {TensorOps.class},
                handler);
    }
}
