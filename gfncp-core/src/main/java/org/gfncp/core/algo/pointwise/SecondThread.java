package org.gfncp.core.algo.pointwise;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One daemon worker thread for the half of a training step that runs beside the calling thread (GFNCP's policy
 * sample and part of its teacher-forced pass, half of NCP's orders). It ends when idle, so its owner needs no
 * closing. Work on it must open a tensor scope of its own: scopes are per thread.
 */
public final class SecondThread {

    private final ThreadPoolExecutor executor;

    /** @param name the thread's name, as thread dumps show it */
    public SecondThread(String name) {
        executor = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    public <T> Future<T> submit(Callable<T> work) {
        return executor.submit(work);
    }

    /** The result, with the worker's own exception rethrown as it was. */
    public static <T> T await(Future<T> pending) {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the second thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("work on the second thread failed", e.getCause());
        }
    }

    /** Waits for a result nobody will use (the caller is failing) and hands it to {@code release}, if there is one. */
    public static <T> void discard(Future<T> pending, Consumer<T> release) {
        if (pending == null) {
            return;
        }
        awaitQuietly(pending);
        try {
            release.accept(pending.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | CancellationException e) {
            // the failure that matters is the caller's, already on its way
        }
    }

    /**
     * Waits until {@code pending} has ended, ignoring its outcome: used when the caller is already failing and the
     * work still reads tensors of the caller's scope.
     */
    public static void awaitQuietly(Future<?> pending) {
        if (pending == null || pending.isDone()) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                pending.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break; // the caller's exception is the one to report
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
