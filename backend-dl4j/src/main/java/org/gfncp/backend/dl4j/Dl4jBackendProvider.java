package org.gfncp.backend.dl4j;

import org.gfncp.spi.backend.AbstractBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendUnavailableException;

/**
 * Registers the ND4J backend. Discovery only looks at class and resource presence and the platform; ND4J itself,
 * and with it libnd4j and OpenBLAS, is loaded by {@link #create(BackendConfig)}.
 */
public final class Dl4jBackendProvider extends AbstractBackendProvider {

    /** The name used to select this backend. */
    public static final String NAME = "dl4j";

    private static final String ND4J_CLASS = "org.nd4j.linalg.factory.Nd4j";
    private static final String CPU_BACKEND_CLASS = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    /** The libnd4j binary shipped in nd4j-native's linux-x86_64 classifier jar. */
    private static final String NATIVE_LIBRARY = "org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so";

    public Dl4jBackendProvider() {
        super(NAME, 10);
    }

    @Override
    public String unavailableReason() {
        if (!isLinux() || !isX64()) {
            return "ND4J native binaries are packaged here for linux-x86_64 only, not " + osName() + "/" + osArch();
        }
        ClassLoader loader = loader(Dl4jBackendProvider.class);
        // Resolved without running Nd4j's static initializer, which loads the native library.
        String missing = missingClass(loader, ND4J_CLASS, CPU_BACKEND_CLASS);
        if (missing != null) {
            return "class " + missing + " is not on the classpath (add org.nd4j:nd4j-native)";
        }
        if (loader.getResource(NATIVE_LIBRARY) == null) {
            return "native library " + NATIVE_LIBRARY
                    + " is missing (add org.nd4j:nd4j-native with classifier linux-x86_64)";
        }
        return "";
    }

    @Override
    protected Backend load(BackendConfig config) {
        try {
            return new Dl4jBackend(config);
        } catch (RuntimeException | LinkageError e) {
            throw new BackendUnavailableException("dl4j backend failed to load ND4J: " + e, e);
        }
    }
}
