package org.gfncp.backend.djl;

import org.gfncp.spi.backend.AbstractBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;

/**
 * Registers the DJL/PyTorch backend. Availability is judged from class presence and the platform only, so
 * discovery never loads libtorch; {@link #create(BackendConfig)} does.
 */
public final class DjlBackendProvider extends AbstractBackendProvider {

    /** The name used to select this backend. */
    public static final String NAME = "djl";

    private static final String ENGINE_CLASS = "ai.djl.engine.Engine";
    private static final String PYTORCH_PROVIDER_CLASS = "ai.djl.pytorch.engine.PtEngineProvider";
    /** Marker resource of DJL's {@code pytorch-native-*} jars. */
    private static final String NATIVE_MARKER = "native/lib/pytorch.properties";

    public DjlBackendProvider() {
        super(NAME, 30);
    }

    @Override
    public String unavailableReason() {
        ClassLoader loader = loader();
        // DJL's Engine initializer scans for engines, so the look-up must not initialize it.
        String missing = missingClass(loader, ENGINE_CLASS, PYTORCH_PROVIDER_CLASS);
        if (missing != null) {
            return "DJL class " + missing + " is not on the classpath (add ai.djl.pytorch:pytorch-engine)";
        }
        String platform = platform();
        if (platform == null) {
            return "DJL's PyTorch engine has no native build for " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch");
        }
        boolean offline = Boolean.parseBoolean(System.getProperty("ai.djl.offline", "false"));
        boolean nativeJar = loader.getResource(NATIVE_MARKER) != null;
        boolean customPath = System.getenv("PYTORCH_LIBRARY_PATH") != null
                || System.getProperty("PYTORCH_LIBRARY_PATH") != null;
        if (offline && !nativeJar && !customPath) {
            return "ai.djl.offline=true but no libtorch is on the classpath for " + platform
                    + " (add ai.djl.pytorch:pytorch-native-cpu:" + platform + " or set PYTORCH_LIBRARY_PATH)";
        }
        return "";
    }

    @Override
    protected Backend load(BackendConfig config) {
        return new DjlBackend(config);
    }

    /** DJL's platform name for the running JVM when PyTorch ships natives for it, else null. */
    static String platform() {
        String os = osName();
        boolean x64 = isX64();
        boolean arm64 = isArm64();
        if (isLinux() && (x64 || arm64)) {
            return x64 ? "linux-x86_64" : "linux-aarch64";
        }
        if (os.startsWith("mac") && arm64) {
            return "osx-aarch64";
        }
        if (os.startsWith("windows") && x64) {
            return "win-x86_64";
        }
        return null;
    }

    private static ClassLoader loader() {
        // DJL's jars sit next to this one, so this class's loader sees them.
        ClassLoader cl = DjlBackendProvider.class.getClassLoader();
        return cl != null ? cl : ClassLoader.getSystemClassLoader();
    }
}
