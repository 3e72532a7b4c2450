package org.gfncp.experiments.progress;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Starts progress tasks. */
@FunctionalInterface
public interface Progress {

    /** One task with a known amount of work. */
    interface Task extends AutoCloseable {

        /** Marks {@code done} more units as done. */
        void step(long done);

        /** A short status shown next to the bar (e.g. the running loss). */
        default void status(String text) {
        }

        @Override
        void close();
    }

    /**
     * Starts a task.
     *
     * @param alreadyDone units done before this run (a resumed training run)
     */
    Task start(String name, long total, long alreadyDone);

    /** No output at all. */
    static Progress silent() {
        return (name, total, alreadyDone) -> new Task() {
            @Override
            public void step(long done) {
                // silent: nothing to show
            }

            @Override
            public void close() {
                // silent: nothing to release
            }
        };
    }

    /** An ASCII progress bar with rate and ETA on {@code out} (refreshed twice a second). */
    static Progress console(PrintStream out) {
        return (name, total, alreadyDone) -> {
            ProgressBar bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total)
                    .startsFrom(alreadyDone, Duration.ZERO).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).showSpeed().setConsumer(new ConsoleProgressBarConsumer(out))
                    .build();
            return new Task() {
                @Override
                public void step(long done) {
                    bar.stepBy(done);
                }

                @Override
                public void status(String text) {
                    bar.setExtraMessage(text);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }
}
