package org.gfncp.backend.dl4j;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Runs a garbage collection when resident memory has grown by more than a headroom since the last one. Closing a
 * tensor frees its data buffer at once, but every ND4J op also creates small native objects (shape descriptors, op
 * contexts) behind JavaCPP pointers that are freed only when the Java objects are collected; with a roomy heap the
 * collector seldom runs (small ops on one shape: +190 MiB over 20,000 rounds without a collection, flat with
 * them). ND4J's own remedy, a {@code System.gc()} on a timer, is switched off because it collects whether or not
 * anything grew; this collects only when memory did. It cannot free what libnd4j itself keeps (its caches of shape
 * descriptors, or memory a native kernel fails to free, as its cumsum did), so it also stops the process with a
 * clear error when resident memory stays above a ceiling after a collection: the check JavaCPP would otherwise make
 * on every allocation, here made once per block of results.
 */
final class NativeMemoryGuard {

    /** Results between two looks at resident memory: reading it costs a system call. */
    static final int CHECK_EVERY = 1024;

    private final long headroomBytes;
    private final long ceilingBytes;
    private final LongSupplier residentBytes;
    private final Runnable collect;
    private final AtomicLong results = new AtomicLong();
    private long baseline;
    private long collections;

    /**
     * @param headroomBytes growth of resident memory that triggers a collection
     * @param ceilingBytes resident memory that is an error when a collection does not bring it below; 0 for none
     * @param residentBytes the process's resident memory
     * @param collect the collection to run
     */
    NativeMemoryGuard(long headroomBytes, long ceilingBytes, LongSupplier residentBytes, Runnable collect) {
        if (headroomBytes <= 0) {
            throw new IllegalArgumentException("headroom must be positive, got " + headroomBytes);
        }
        if (ceilingBytes < 0) {
            throw new IllegalArgumentException("ceiling must be 0 (none) or positive, got " + ceilingBytes);
        }
        this.headroomBytes = headroomBytes;
        this.ceilingBytes = ceilingBytes;
        this.residentBytes = residentBytes;
        this.collect = collect;
        this.baseline = residentBytes.getAsLong();
    }

    /** Called for every tensor a kernel returns. */
    void onResult() {
        if (results.incrementAndGet() % CHECK_EVERY == 0) {
            check();
        }
    }

    /**
     * Collects if resident memory grew past the headroom or the ceiling; the level after it is the next baseline.
     *
     * @throws OutOfMemoryError if resident memory is still above the ceiling after the collection
     */
    synchronized void check() {
        long now = residentBytes.getAsLong();
        boolean overCeiling = ceilingBytes > 0 && now > ceilingBytes;
        if (now - baseline > headroomBytes || overCeiling) {
            collect.run();
            collections++;
            // freed memory may stay resident (the allocator keeps it for reuse), so measure from where it ends
            baseline = residentBytes.getAsLong();
            if (ceilingBytes > 0 && baseline > ceilingBytes) {
                throw new OutOfMemoryError(String.format(
                        "dl4j: resident memory %d MiB is above the limit of %d MiB after a garbage collection. "
                                + "What libnd4j keeps natively is not freed until the process ends; split long "
                                + "training runs into several processes (gfncp train --resume continues exactly) "
                                + "or raise the limit with -D%s",
                        baseline >> 20, ceilingBytes >> 20, Dl4jBackend.RESIDENT_LIMIT));
            }
        }
    }

    /** Collections run so far. */
    synchronized long collections() {
        return collections;
    }
}
