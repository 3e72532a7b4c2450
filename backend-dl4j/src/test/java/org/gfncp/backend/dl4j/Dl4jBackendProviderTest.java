package org.gfncp.backend.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.javacpp.Pointer;
import org.gfncp.api.tensor.DType;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;
import org.gfncp.spi.backend.Capability;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jBackendProviderTest {

    /** Child-first view of the test classpath that records every class it defines. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> defined = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            defined.add(name);
            return super.findClass(name);
        }
    }

    private static URL[] testClassPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    @Test
    void describesItself() {
        Dl4jBackendProvider provider = new Dl4jBackendProvider();
        assertThat(provider.name()).isEqualTo("dl4j");
        assertThat(provider.priority()).isEqualTo(10);
        assertThat(provider.isAvailable()).isTrue();
        assertThat(provider.unavailableReason()).isEmpty();
    }

    @Test
    void availabilityCheckLoadsNoNativeCode() throws Exception {
        // A separate loader has its own, never-initialized copy of ND4J, so what the check touches is visible.
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (RecordingLoader loader = new RecordingLoader(testClassPath())) {
            Class<?> type = loader.loadClass(Dl4jBackendProvider.class.getName());
            assertThat(type.getClassLoader()).isSameAs(loader);
            Object provider = type.getConstructor().newInstance();
            Thread.currentThread().setContextClassLoader(loader);
            boolean available = (boolean) type.getMethod("isAvailable").invoke(provider);
            assertThat(available).isTrue();
            assertThat(loader.defined).contains("org.nd4j.linalg.factory.Nd4j");
            // Loading Nd4j and CpuBackend (and their supertypes) is fine; running their initializers is not.
            assertThat(loader.defined).doesNotContain("org.bytedeco.javacpp.Loader",
                    "org.nd4j.nativeblas.NativeOpsHolder", "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    @Test
    void createRejectsAMissingConfig() {
        assertThatThrownBy(() -> new Dl4jBackendProvider().create(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BackendConfig");
    }

    @Test
    void singleThreadedBackendIsDeterministicAndNamesItsEngine() {
        try (Backend backend = new Dl4jBackendProvider().create(new BackendConfig(1, 1, false))) {
            assertThat(backend.name()).isEqualTo("dl4j");
            assertThat(backend.engineVersion()).contains("ND4J 1.0.0-M2.1");
            assertThat(backend.capabilities()).containsExactly(Capability.DETERMINISTIC);
            assertThat(Nd4j.getEnvironment().maxThreads()).isEqualTo(1);
        }
    }

    @Test
    void javaCppChecksNoMemoryLimitOnEachAllocation() {
        try (Backend backend = new Dl4jBackendProvider().create(new BackendConfig(1, 1, false))) {
            assertThat(backend.ops().full(DType.FLOAT32, 1, 2).size()).isEqualTo(2);
            // 0 means unchecked; JavaCPP's defaults are the maximum heap and four times that
            assertThat(Pointer.maxBytes()).as("maxBytes").isZero();
            assertThat(Pointer.maxPhysicalBytes()).as("maxPhysicalBytes").isZero();
        }
    }

    @Test
    void aJavaCppLimitSetBeforeLoadingIsKept() {
        Properties properties = new Properties();
        properties.setProperty("org.bytedeco.javacpp.maxbytes", "8g");
        Dl4jBackend.relaxAllocationLimits(properties);
        assertThat(properties.getProperty("org.bytedeco.javacpp.maxbytes")).isEqualTo("8g");
        assertThat(properties.getProperty("org.bytedeco.javacpp.maxphysicalbytes")).isEqualTo("0");
    }

    @Test
    void closingTheBackendReleasesTensorsNoScopeOwns() {
        Backend backend = new Dl4jBackendProvider().create(BackendConfig.defaults());
        long before = backend.diagnostics().liveTensors();
        Tensor orphan = backend.ops().full(DType.FLOAT64, 3, 4, 4);
        assertThat(backend.diagnostics().liveTensors()).isEqualTo(before + 1);
        backend.close();
        assertThat(orphan.isClosed()).isTrue();
        assertThat(backend.diagnostics().liveTensors()).isZero();
    }

    @Test
    void resultsOutliveAnOpenNd4jWorkspace() {
        try (Backend backend = new Dl4jBackendProvider().create(BackendConfig.defaults())) {
            Tensor a = backend.ops().fromDoubles(new double[] {1, 2, 3}, 3);
            Tensor sum;
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace("gfncp-test-ws")) {
                sum = backend.ops().add(a, a);
            }
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
            assertThat(backend.ops().toDoubles(sum)).containsExactly(2, 4, 6);
            sum.close();
            a.close();
        }
    }
}
