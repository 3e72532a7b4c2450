package org.gfncp.core.inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendDiagnostics;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.Capability;
import org.gfncp.spi.backend.TensorOps;

/** A provider whose availability and load failure are set by the test; it records the backends it creates. */
final class FakeProvider implements BackendProvider {

    private final String name;
    private final int priority;
    private final String unavailableReason;
    private final RuntimeException createFailure;
    final List<FakeBackend> created = new ArrayList<>();
    BackendConfig lastConfig;

    private FakeProvider(String name, int priority, String unavailableReason, RuntimeException createFailure) {
        this.name = name;
        this.priority = priority;
        this.unavailableReason = unavailableReason;
        this.createFailure = createFailure;
    }

    static FakeProvider available(String name, int priority) {
        return new FakeProvider(name, priority, null, null);
    }

    static FakeProvider unavailable(String name, int priority, String reason) {
        return new FakeProvider(name, priority, reason, null);
    }

    static FakeProvider failing(String name, int priority, RuntimeException failure) {
        return new FakeProvider(name, priority, null, failure);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason == null;
    }

    @Override
    public String unavailableReason() {
        return unavailableReason == null ? "" : unavailableReason;
    }

    @Override
    public Backend create(BackendConfig config) {
        lastConfig = config;
        if (createFailure != null) {
            throw createFailure;
        }
        FakeBackend backend = new FakeBackend(name);
        created.add(backend);
        return backend;
    }

    /** A backend with no kernels; selection never calls them. */
    static final class FakeBackend implements Backend {

        private final String name;
        int closeCalls;

        FakeBackend(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String engineVersion() {
            return "fake";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.PURE_JAVA);
        }

        @Override
        public TensorOps ops() {
            throw new UnsupportedOperationException("fake backend has no kernels");
        }

        @Override
        public TensorScope openScope() {
            throw new UnsupportedOperationException("fake backend has no scopes");
        }

        @Override
        public BackendDiagnostics diagnostics() {
            return new BackendDiagnostics(0, 0);
        }

        @Override
        public void close() {
            closeCalls++;
        }
    }
}
