package org.gfncp.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.Capability;

/** The machine and backend in words, for table headers. */
final class Environment {

    private Environment() {
    }

    /**
     * E.g. {@code "CPU: Intel(R) Xeon(R) ... (2 cores), Java 17.0.9"}, led by {@code "GPU (gpu(0)), host "} when the
     * backend runs on one (its engine text names the device).
     */
    static String device(Backend backend) {
        String cpu = cpuModel().orElse(System.getProperty("os.arch"));
        String host = String.format(Locale.ROOT, "CPU: %s (%d cores), Java %s", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        if (!backend.capabilities().contains(Capability.GPU)) {
            return host;
        }
        String engine = backend.engineVersion();
        int on = engine.lastIndexOf(" on ");
        return "GPU" + (on >= 0 ? " (" + engine.substring(on + 4) + ")" : "") + ", host " + host;
    }

    static String backend(Backend backend) {
        return backend.name() + " (" + backend.engineVersion() + ")";
    }

    private static Optional<String> cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return Optional.empty();
        }
        try (var lines = Files.lines(info)) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
