package org.gfncp.backend.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.junit.jupiter.api.Test;

/**
 * Discovery must stay cheap: constructing the provider and asking {@code isAvailable()} maps no libtorch into the
 * process. Checked in a fresh JVM (other tests here load the engine) through {@code /proc/self/maps}; the same probe
 * after {@code create} shows that it does see libtorch once loaded.
 */
class ProviderIsolationTest {

    private static final Path MAPS = Path.of("/proc/self/maps");

    /** Runs in the child JVM: availability, then whether libtorch is mapped before and after creating a backend. */
    public static void main(String[] args) throws IOException {
        DjlBackendProvider provider = new DjlBackendProvider();
        System.out.println("available=" + provider.isAvailable() + " reason=" + provider.unavailableReason());
        System.out.println("torchBeforeCreate=" + torchMapped());
        try (Backend backend = provider.create(BackendConfig.defaults())) {
            System.out.println("torchAfterCreate=" + torchMapped() + " engine=" + backend.engineVersion());
        }
    }

    private static boolean torchMapped() throws IOException {
        return Files.readString(MAPS).contains("libtorch");
    }

    @Test
    void isAvailableLoadsNoNativeCode() throws IOException, InterruptedException {
        assumeTrue(Files.isReadable(MAPS), "needs /proc/self/maps (Linux)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                ProviderIsolationTest.class.getName()).redirectErrorStream(true).start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("available=true").contains("torchBeforeCreate=false")
                .contains("torchAfterCreate=true");
    }
}
