package org.gfncp.spi.backend;

/**
 * Settings handed to {@link BackendProvider#create(BackendConfig)}.
 *
 * @param intraOpThreads threads one kernel may use; keep at most cores - 1 on small machines
 * @param interOpThreads threads for independent kernels
 * @param useGpu ask for a GPU device when the engine has one
 */
public record BackendConfig(int intraOpThreads, int interOpThreads, boolean useGpu) {

    public BackendConfig {
        if (intraOpThreads < 1 || interOpThreads < 1) {
            throw new IllegalArgumentException("thread counts must be >= 1");
        }
    }

    /**
     * Defaults: one intra-op and one inter-op thread (the {@code gfncp.threads} system property overrides the
     * intra-op count), a GPU only when {@link #gpuRequested()}.
     */
    public static BackendConfig defaults() {
        int threads = Integer.getInteger("gfncp.threads", 1);
        return new BackendConfig(Math.max(1, threads), 1, gpuRequested());
    }

    /** Whether the user asked for a GPU ({@code -Dgfncp.gpu=true}); a backend without one runs on the CPU. */
    public static boolean gpuRequested() {
        return Boolean.getBoolean("gfncp.gpu");
    }
}
