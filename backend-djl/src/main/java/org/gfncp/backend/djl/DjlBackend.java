package org.gfncp.backend.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.gfncp.spi.backend.AbstractBackend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendUnavailableException;
import org.gfncp.spi.backend.Capability;
import org.gfncp.spi.backend.TensorOps;

/**
 * The loaded PyTorch engine. Creating it loads libtorch (once per JVM) and pins its thread pools; every array it
 * makes lives under one root manager, which {@link #close()} frees together with anything still open.
 */
final class DjlBackend extends AbstractBackend {

    static final String ENGINE_NAME = "PyTorch";
    private static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
    private static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private final NDManager root;
    private final DjlOps ops;

    DjlBackend(BackendConfig config) {
        this(loadEngine(config), config.useGpu());
    }

    private DjlBackend(Engine engine, boolean useGpu) {
        this(engine, device(engine, useGpu));
    }

    // With one intra-op thread libtorch's CPU kernels reduce in a fixed order, and scatter-add is a matmul; CUDA's
    // atomic adds do not, so a GPU backend never claims determinism.
    private DjlBackend(Engine engine, Device device) {
        super(DjlBackendProvider.NAME, ENGINE_NAME + " " + engine.getVersion() + " via DJL " + Engine.getDjlVersion()
                        + (device.isGpu() ? " on " + device : ""),
                device.isGpu() ? capabilities(false, Capability.GPU) : capabilities(JniUtils.getNumThreads() == 1));
        this.root = engine.newBaseManager(device);
        this.root.setName("gfncp-djl-root");
        this.ops = new DjlOps(root, tracker());
    }

    /**
     * The first GPU when one is asked for and libtorch sees one (a CUDA build of libtorch, e.g. through DJL's
     * {@code PYTORCH_LIBRARY_PATH}), else the CPU. DJL's own default would take a visible GPU even when none was
     * asked for, so the device is always named.
     */
    static Device device(Engine engine, boolean useGpu) {
        return useGpu && engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /**
     * DJL reads the thread properties only while it loads libtorch, so they are set first (unless the user set
     * them); when the engine is already up, the intra-op count is changed directly. The inter-op pool cannot be
     * resized once libtorch has used it, so an already loaded engine keeps its inter-op count.
     */
    private static Engine loadEngine(BackendConfig config) {
        if (System.getProperty(NUM_THREADS) == null) {
            System.setProperty(NUM_THREADS, Integer.toString(config.intraOpThreads()));
        }
        if (System.getProperty(NUM_INTEROP_THREADS) == null) {
            System.setProperty(NUM_INTEROP_THREADS, Integer.toString(config.interOpThreads()));
        }
        Engine engine;
        try {
            engine = Engine.getEngine(ENGINE_NAME);
        } catch (EngineException | IllegalArgumentException | LinkageError e) {
            throw new BackendUnavailableException("could not load DJL's PyTorch engine: " + e.getMessage(), e);
        }
        if (JniUtils.getNumThreads() != config.intraOpThreads()) {
            JniUtils.setNumThreads(config.intraOpThreads());
        }
        return engine;
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    /**
     * Arrays the root manager holds for tensors (shared scalar constants excluded); equals
     * {@code diagnostics().liveTensors()} when no kernel leaks.
     */
    long nativeArrays() {
        return root.getManagedArrays().size() - ops.cachedConstants();
    }

    @Override
    public void close() {
        root.close();
    }
}
