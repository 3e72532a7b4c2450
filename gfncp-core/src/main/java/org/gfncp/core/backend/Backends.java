package org.gfncp.core.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.gfncp.spi.backend.BackendProvider;

/** ServiceLoader discovery of the backends on the classpath; the one place that reads the service files. */
public final class Backends {

    private Backends() {
    }

    /** Every provider registered on the class path of this class's loader, in service-file order. */
    public static List<BackendProvider> discover() {
        return discover(Backends.class.getClassLoader());
    }

    /** Every provider registered for {@code loader}, in service-file order. */
    public static List<BackendProvider> discover(ClassLoader loader) {
        List<BackendProvider> found = new ArrayList<>();
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, loader)) {
            found.add(provider);
        }
        return List.copyOf(found);
    }
}
