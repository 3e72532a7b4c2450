package org.gfncp.backend.tf;

import java.util.Locale;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.BackendProvider;
import org.gfncp.spi.backend.BackendUnavailableException;

/**
 * Registers the TensorFlow backend. Availability is judged from class and resource presence only: neither the
 * constructor nor {@link #isAvailable()} loads TensorFlow's native library.
 */
public final class TfBackendProvider implements BackendProvider {

    /** The name used to select this backend. */
    public static final String NAME = "tensorflow";

    private static final String[] REQUIRED_CLASSES = {
        "org.tensorflow.EagerSession", "org.tensorflow.internal.c_api.global.tensorflow",
    };

    public TfBackendProvider() {
        // Deliberately empty: providers are instantiated by ServiceLoader during discovery.
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    @Override
    public String unavailableReason() {
        ClassLoader loader = loader();
        for (String name : REQUIRED_CLASSES) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return "TF Java is not on the classpath (" + name + " not found)";
            }
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
    public Backend create(BackendConfig config) {
        String reason = unavailableReason();
        if (!reason.isEmpty()) {
            throw new BackendUnavailableException("backend '" + NAME + "' is unavailable: " + reason);
        }
        try {
            return new TfBackend(config);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new BackendUnavailableException("backend '" + NAME + "' failed to load TensorFlow: " + e, e);
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : TfBackendProvider.class.getClassLoader();
    }

    /** The javacpp platform name of this machine when TF Java 1.1.0 ships a native build for it, else null. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x86-64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.startsWith("linux")) {
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
