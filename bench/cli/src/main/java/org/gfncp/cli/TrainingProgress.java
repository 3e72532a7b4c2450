package org.gfncp.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.gfncp.cli.train.TrainingRun;

/** Progress bar of a training run with ETA, running loss and the last validation NMI; silent without a stream. */
final class TrainingProgress implements TrainingRun.Listener, AutoCloseable {

    private final PrintStream stream;
    private final String task;
    private ProgressBar bar;
    private double lastNmi = Double.NaN;

    /** @param stream where the bar is drawn, or null for no bar */
    TrainingProgress(PrintStream stream, String task) {
        this.stream = stream;
        this.task = task;
    }

    @Override
    public void started(long firstIteration, long lastIteration) {
        bar = ProgressBars.open(stream, task, firstIteration - 1, lastIteration);
    }

    @Override
    public void iteration(long iteration, double loss, double runningLoss, double nmi) {
        if (!Double.isNaN(nmi)) {
            lastNmi = nmi;
        }
        if (bar != null) {
            bar.stepTo(iteration);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4g", runningLoss)
                    + (Double.isNaN(lastNmi) ? "" : String.format(Locale.ROOT, " NMI %.3f", lastNmi)));
        }
    }

    @Override
    public void checkpointed(long iteration, Path file) {
        // The bar shows progress; checkpoints are reported once at the end.
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
