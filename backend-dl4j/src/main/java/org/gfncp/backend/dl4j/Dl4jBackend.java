package org.gfncp.backend.dl4j;

import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.Pointer;
import org.gfncp.spi.backend.AbstractBackend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.TensorOps;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J loaded and configured: the intra-op thread count from the {@link BackendConfig} pinned for libnd4j's
 * OpenMP loops and OpenBLAS, no debug or verbose mode, and no periodic {@code System.gc()} from ND4J's memory
 * manager: tensors free their data on close, and a {@link NativeMemoryGuard} collects ND4J's small per-op native
 * objects when resident memory grows. ND4J runs each eager op on the calling thread, so
 * the inter-op count has nothing to configure. ND4J's settings are process-wide: the last backend created wins.
 */
public final class Dl4jBackend extends AbstractBackend {

    private final Set<Dl4jTensor> live = ConcurrentHashMap.newKeySet();
    private final Dl4jOps ops;

    /**
     * JavaCPP's limits on native memory, switched off unless set: with a limit, every native allocation (each ND4J
     * result, op context and shape descriptor) checks the total, and with a resident-memory limit reads the process's
     * resident size, a system call each time. Greedy decoding of 1,000 points makes some 40,000 small allocations;
     * without the checks it took about 20% less time (one JVM per setting, alternating, 10 decodings each: 945 and
     * 860 ms against 1,199 and 1,115 ms; docs/results, session 9), with the same resident memory. Tensors free their data on close, and the {@link NativeMemoryGuard}
     * collects what only a collection frees and keeps the resident-memory limit, checked once per 1,024 results.
     */
    static final String[] JAVACPP_LIMITS = {"org.bytedeco.javacpp.maxbytes", "org.bytedeco.javacpp.maxphysicalbytes"};

    static {
        // JavaCPP reads them once, when its Pointer class initializes; a setting made before that (by the user,
        // on the command line) is kept.
        relaxAllocationLimits(System.getProperties());
    }

    /** Sets each of {@link #JAVACPP_LIMITS} that {@code properties} lacks to 0 (no limit). */
    static void relaxAllocationLimits(Properties properties) {
        for (String key : JAVACPP_LIMITS) {
            if (properties.getProperty(key) == null) {
                properties.setProperty(key, "0");
            }
        }
    }

    /**
     * Resident memory (bytes, optional suffix k, m, g, or a percentage of the heap, as JavaCPP reads it) above which the process stops with an
     * {@link OutOfMemoryError}; defaults to JavaCPP's own {@code org.bytedeco.javacpp.maxphysicalbytes} when that is
     * set, else four times the maximum heap, and 0 turns it off.
     */
    static final String RESIDENT_LIMIT = "gfncp.dl4j.maxResidentBytes";

    /** Resident growth that triggers a collection: about 50 GFNCP training iterations at the growth measured. */
    static final long GC_HEADROOM_BYTES = 256L << 20;

    Dl4jBackend(BackendConfig config) {
        this(config, GC_HEADROOM_BYTES);
    }

    Dl4jBackend(BackendConfig config, long gcHeadroomBytes) {
        // Multi-threaded libnd4j reductions split work by thread count, which can change the summation order.
        super(Dl4jBackendProvider.NAME, "ND4J 1.0.0-M2.1 (nd4j-native)", capabilities(config.intraOpThreads() == 1));
        int threads = config.intraOpThreads();
        // Touching Nd4j here is what loads libnd4j; everything before create() stays class-presence only.
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setDebug(false);
        Nd4j.getEnvironment().setVerbose(false);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4j.getMemoryManager().togglePeriodicGc(false);
        NativeMemoryGuard memory = new NativeMemoryGuard(gcHeadroomBytes, residentLimit(System.getProperties()),
                Pointer::physicalBytes, Dl4jBackend::collect);
        this.ops = new Dl4jOps(tracker(), live, memory);
    }

    /** The guard's ceiling from {@link #RESIDENT_LIMIT} (or JavaCPP's setting), else four times the maximum heap. */
    static long residentLimit(Properties properties) {
        String value = properties.getProperty(RESIDENT_LIMIT);
        if (value == null) {
            String javacpp = properties.getProperty("org.bytedeco.javacpp.maxphysicalbytes");
            value = javacpp == null || "0".equals(javacpp.trim()) ? null : javacpp;
        }
        return value == null ? 4 * Runtime.getRuntime().maxMemory() : bytes(value, RESIDENT_LIMIT);
    }

    /** {@code value} in JavaCPP's own syntax for its limits ({@code 123}, {@code 512m}, {@code 12g}, {@code 50%}). */
    static long bytes(String value, String property) {
        try {
            long n = Pointer.parseBytes(value.trim(), Runtime.getRuntime().maxMemory());
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a byte count such as 12g, got '" + value + "'", e);
        }
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    /** A collection, then JavaCPP frees what it found at once rather than on its own thread later. */
    private static void collect() {
        System.gc();
        Pointer.deallocateReferences();
    }

    /** Releases every tensor of this backend that is still open, whichever scope or caller owns it. */
    @Override
    public void close() {
        closeAll(live);
    }
}
