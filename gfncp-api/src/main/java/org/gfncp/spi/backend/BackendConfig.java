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
     * intra-op count), no GPU.
     */
    public static BackendConfig defaults() {
        int threads = Integer.getInteger("gfncp.threads", 1);
        return new BackendConfig(Math.max(1, threads), 1, Boolean.getBoolean("gfncp.gpu"));
    }
}
