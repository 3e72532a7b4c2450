package org.gfncp.backend.tf;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gfncp.spi.backend.AbstractBackend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.Capability;
import org.gfncp.spi.backend.TensorOps;

/**
 * TensorFlow (CPU, eager) through TF Java 1.1.0. Every tensor owns one eager handle that its {@code close()}
 * deletes; closing the backend releases the tensors still alive and then the eager context.
 */
public final class TfBackend extends AbstractBackend {

    private final Set<TfTensor> live = ConcurrentHashMap.newKeySet();
    private final EagerRuntime runtime;
    private final TfOps ops;
    private final Set<Capability> capabilities;
    private final String engineVersion;

    TfBackend(BackendConfig config) {
        super(TfBackendProvider.NAME);
        // Only the CPU build of TF Java is supported here, so config.useGpu() has no device to select.
        this.runtime = new EagerRuntime(config.intraOpThreads(), config.interOpThreads());
        this.ops = new TfOps(this);
        // CPU kernels split work by size, not by timing, so one intra-op thread makes every result reproducible.
        this.capabilities = capabilities(config.intraOpThreads() == 1);
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
        closeAll(live);
        ops.releaseConstants();
        runtime.close();
    }
}
