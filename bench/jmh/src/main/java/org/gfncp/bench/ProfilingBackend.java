package org.gfncp.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gfncp.api.tensor.Tensor;
import org.gfncp.api.tensor.TensorScope;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendDiagnostics;
import org.gfncp.spi.backend.Capability;
import org.gfncp.spi.backend.TensorOps;

/**
 * A backend that delegates everything and times every kernel call of its {@link TensorOps}, by kernel name and,
 * for matmul, by shape. Every engine here runs kernels eagerly and synchronously, so the wall time of a call is
 * the kernel's time plus its JNI/host overhead; the calling thread's CPU time is kept beside it.
 * Single-threaded use only.
 */
final class ProfilingBackend implements Backend {

    /** Calls and nanoseconds of one kernel (or one matmul shape), and the matmul's multiply-adds. */
    static final class Tally {
        long calls;
        long nanos;
        long cpuNanos;
        long multiplyAdds;
    }

    /**
     * CPU time of the calling thread: with one intra-op thread the engines compute on the caller, so this is
     * the cost a kernel would have on an idle machine even when other processes share the cores.
     */
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Backend delegate;
    private final TensorOps ops;
    private final Map<String, Tally> kernels = new TreeMap<>();
    private final Map<String, Tally> matmuls = new TreeMap<>();

    ProfilingBackend(Backend delegate) {
        this.delegate = delegate;
        TensorOps inner = delegate.ops();
        InvocationHandler timing = (proxy, method, args) -> invoke(inner, method, args);
        this.ops = (TensorOps) Proxy.newProxyInstance(TensorOps.class.getClassLoader(),
                new Class<?>[] {TensorOps.class}, timing);
    }

    private Object invoke(TensorOps inner, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return method.invoke(inner, args);
        }
        long start = System.nanoTime();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        Object result;
        try {
            result = method.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        long nanos = System.nanoTime() - start;
        add(kernels, method.getName(), nanos, cpu, 0);
        if (method.getName().equals("matmul")) {
            recordMatmul((Tensor) args[0], (Tensor) args[1], (Boolean) args[2], (Boolean) args[3], nanos, cpu);
        }
        return result;
    }

    private void recordMatmul(Tensor a, Tensor b, boolean transA, boolean transB, long nanos,
            long cpu) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        int m = transA ? sa[sa.length - 1] : sa[sa.length - 2];
        int k = transA ? sa[sa.length - 2] : sa[sa.length - 1];
        int n = transB ? sb[sb.length - 2] : sb[sb.length - 1];
        long batch = 1;
        for (int i = 0; i < sa.length - 2; i++) {
            batch *= sa[i];
        }
        String key = String.format("%s%s x %s%s", Arrays.toString(sa), transA ? "^T" : "", Arrays.toString(sb),
                transB ? "^T" : "");
        add(matmuls, key, nanos, cpu, batch * m * k * n);
    }

    /** Kernels may run on two threads at once (the overlapped policy sample of a GFNCP iteration). */
    private static void add(Map<String, Tally> map, String key, long nanos, long cpu, long multiplyAdds) {
        synchronized (map) {
            Tally t = map.computeIfAbsent(key, x -> new Tally());
            t.calls++;
            t.nanos += nanos;
            t.cpuNanos += cpu;
            t.multiplyAdds += multiplyAdds;
        }
    }

    Map<String, Tally> kernels() {
        return kernels;
    }

    Map<String, Tally> matmuls() {
        return matmuls;
    }

    void reset() {
        kernels.clear();
        matmuls.clear();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String engineVersion() {
        return delegate.engineVersion();
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public TensorOps ops() {
        return ops;
    }

    @Override
    public TensorScope openScope() {
        return delegate.openScope();
    }

    @Override
    public BackendDiagnostics diagnostics() {
        return delegate.diagnostics();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
