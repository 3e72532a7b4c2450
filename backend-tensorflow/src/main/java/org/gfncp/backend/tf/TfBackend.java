package org.gfncp.backend.tf;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gfncp.spi.backend.AbstractBackend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.TensorOps;

/**
 * TensorFlow (CPU, eager) through TF Java 1.1.0. Every tensor owns one eager handle that its {@code close()}
 * deletes; closing the backend releases the tensors still alive and then the eager context.
 */
public final class TfBackend extends AbstractBackend {

    private final Set<TfTensor> live = ConcurrentHashMap.newKeySet();
    private final EagerRuntime runtime;
    private final TfOps ops;

    TfBackend(BackendConfig config) {
        // Only the CPU build of TF Java is supported here, so config.useGpu() has no device to select.
        this(config, new EagerRuntime(config.intraOpThreads(), config.interOpThreads()));
    }

    // CPU kernels split work by size, not by timing, so one intra-op thread makes every result reproducible.
    private TfBackend(BackendConfig config, EagerRuntime runtime) {
        super(TfBackendProvider.NAME, "TensorFlow " + EagerRuntime.tensorflowVersion() + " (TF Java "
                + tfJavaVersion() + ")", capabilities(config.intraOpThreads() == 1));
        this.runtime = runtime;
        this.ops = new TfOps(this);
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
