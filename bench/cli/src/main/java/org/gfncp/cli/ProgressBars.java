package org.gfncp.cli;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The tool's one style of progress bar (ASCII, with ETA, redrawn twice a second). */
final class ProgressBars {

    private ProgressBars() {
    }

    /**
     * A bar for {@code task} counting to {@code max} from {@code done}, drawn on {@code stream}; null when
     * {@code stream} is null (no bar wanted).
     */
    static ProgressBar open(PrintStream stream, String task, long done, long max) {
        if (stream == null) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).startsFrom(done, Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(stream)).build();
    }

    /** Advances {@code bar} by {@code n}; nothing for a null bar. */
    static void step(ProgressBar bar, long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }
}
