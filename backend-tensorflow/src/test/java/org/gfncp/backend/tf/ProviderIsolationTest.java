package org.gfncp.backend.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

/**
 * Discovery must stay cheap: constructing the provider and asking {@code isAvailable()} loads no native library.
 * Checked in a fresh JVM, since other tests in this one have loaded TensorFlow already.
 */
class ProviderIsolationTest {

    /** Runs in the child JVM: prints the availability and the native libraries javacpp has loaded. */
    public static void main(String[] args) {
        TfBackendProvider provider = new TfBackendProvider();
        boolean available = provider.isAvailable();
        System.out.println("available=" + available + " reason=" + provider.unavailableReason());
        System.out.println("loaded=" + Loader.getLoadedLibraries().keySet());
    }

    @Test
    void isAvailableLoadsNoNativeCode() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ProviderIsolationTest.class.getName()).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM finished").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("available=true").contains("loaded=[]");
    }
}
