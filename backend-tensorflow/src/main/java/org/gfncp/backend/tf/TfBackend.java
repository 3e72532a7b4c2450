package org.gfncp.backend.tf;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendDiagnostics;
import org.gfncp.spi.backend.Capability;
import org.gfncp.spi.backend.TensorOps;
import org.gfncp.spi.backend.TensorTracker;

/**
 * TensorFlow (CPU, eager) through TF Java 1.1.0. Every tensor owns one eager handle that its {@code close()}
 * deletes; closing the backend releases the tensors still alive and then the eager context.
 */
public final class TfBackend implements Backend {

    private final TensorTracker tracker = new TensorTracker();
    private final Set<TfTensor> live = ConcurrentHashMap.newKeySet();
    private final EagerRuntime runtime;
    private final TfOps ops;
    private final Set<Capability> capabilities;
    private final String engineVersion;

    TfBackend(BackendConfig config) {
        // Only the CPU build of TF Java is supported here, so config.useGpu() has no device to select.
        this.runtime = new EagerRuntime(config.intraOpThreads(), config.interOpThreads());
        this.ops = new TfOps(this);
        // CPU kernels split work by size, not by timing, so one intra-op thread makes every result reproducible.
        this.capabilities = config.intraOpThreads() == 1
                ? Collections.unmodifiableSet(EnumSet.of(Capability.DETERMINISTIC))
                : Collections.unmodifiableSet(EnumSet.noneOf(Capability.class));
        this.engineVersion = "TensorFlow " + EagerRuntime.tensorflowVersion() + " (TF Java " + tfJavaVersion() + ")";
    }

    private static String tfJavaVersion() {
        String resource = "/META-INF/maven/org.tensorflow/tensorflow-core-api/pom.properties";
        try (InputStream in = org.tensorflow.TensorFlow.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "version unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "version unknown");
        } catch (IOException e) {
            return "version unknown";
        }
    }

    @Override
    public String name() {
        return TfBackendProvider.NAME;
    }

    @Override
    public String engineVersion() {
        return engineVersion;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
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

    TensorTracker tracker() {
        return tracker;
    }

    EagerRuntime runtime() {
        return runtime;
    }

    void track(TfTensor t) {
        live.add(t);
    }

    void untrack(TfTensor t) {
        live.remove(t);
    }

    @Override
    public void close() {
        if (runtime.isClosed()) {
            return;
        }
        // Handles must go before the context they were created in.
        for (TfTensor t : live.toArray(new TfTensor[0])) {
            t.close();
        }
        ops.releaseConstants();
        runtime.close();
    }
}
