package org.gfncp.backend.tf;

import org.gfncp.spi.backend.AbstractBackendProvider;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendUnavailableException;

/**
 * Registers the TensorFlow backend. Availability is judged from class and resource presence only: neither the
 * constructor nor {@link #isAvailable()} loads TensorFlow's native library.
 */
public final class TfBackendProvider extends AbstractBackendProvider {

    /** The name used to select this backend. */
    public static final String NAME = "tensorflow";

    private static final String[] REQUIRED_CLASSES = {
        "org.tensorflow.EagerSession", "org.tensorflow.internal.c_api.global.tensorflow",
    };

    public TfBackendProvider() {
        super(NAME, 20);
    }

    @Override
    public String unavailableReason() {
        ClassLoader loader = loader(TfBackendProvider.class);
        String missing = missingClass(loader, REQUIRED_CLASSES);
        if (missing != null) {
            return "TF Java is not on the classpath (" + missing + " not found)";
        }
        String platform = platform();
        if (platform == null) {
            return "TF Java has no native build for " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch");
        }
        String library = "org/tensorflow/internal/c_api/" + platform + "/" + System.mapLibraryName("jnitensorflow");
        if (loader.getResource(library) == null) {
            return "the TensorFlow native library for " + platform
                    + " is missing (add org.tensorflow:tensorflow-core-native with classifier " + platform + ")";
        }
        return "";
    }

    @Override
    protected Backend load(BackendConfig config) {
        try {
            return new TfBackend(config);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new BackendUnavailableException("backend '" + NAME + "' failed to load TensorFlow: " + e, e);
        }
    }

    /** The javacpp platform name of this machine when TF Java 1.1.0 ships a native build for it, else null. */
    private static String platform() {
        String os = osName();
        boolean x64 = isX64();
        boolean arm64 = isArm64();
        if (isLinux()) {
            return x64 ? "linux-x86_64" : arm64 ? "linux-arm64" : null;
        }
        if (os.startsWith("mac")) {
            return arm64 ? "macosx-arm64" : null;
        }
        if (os.startsWith("windows")) {
            return x64 ? "windows-x86_64" : null;
        }
        return null;
    }
}
