package org.gfncp.cli.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gfncp.cli.error.UserException;
import org.gfncp.core.io.AtomicFiles;

/**
 * The training log, CSV with header {@code iteration,loss,nmi,elapsed_s}: one row per iteration, {@code nmi} blank
 * except where validation ran. Rows are appended and flushed as training goes; on resume the rows after the
 * checkpoint's iteration are dropped (atomically) so the log matches the resumed run exactly.
 */
public final class TrainingLog implements AutoCloseable {

    public static final String HEADER = "iteration,loss,nmi,elapsed_s";

    /** One log row; {@code nmi} is NaN where validation did not run. */
    public record Row(long iteration, double loss, double nmi, double elapsedSeconds) {
    }

    /**
     * Wall seconds each row's iteration took, from the {@code elapsed_s} column: the difference to the row before,
     * divided by the iterations between them. {@code elapsed_s} counts from the start of the process that wrote the
     * row, so it starts again at every resume; there (and at the first row) the row's own {@code elapsed_s} is the
     * time since its process started training. Validation time falls on the rows where it ran.
     */
    public static double[] secondsPerIteration(List<Row> rows) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Row row = rows.get(i);
            Row before = i == 0 ? null : rows.get(i - 1);
            boolean sameProcess = before != null && row.elapsedSeconds() >= before.elapsedSeconds()
                    && row.iteration() > before.iteration();
            out[i] = sameProcess
                    ? (row.elapsedSeconds() - before.elapsedSeconds()) / (row.iteration() - before.iteration())
                    : row.elapsedSeconds();
        }
        return out;
    }

    private final BufferedWriter writer;

    private TrainingLog(BufferedWriter writer) {
        this.writer = writer;
    }

    /** Starts a fresh log, replacing any file at {@code file}. */
    public static TrainingLog create(Path file) throws IOException {
        AtomicFiles.write(file, out -> out.write((HEADER + "\n").getBytes(StandardCharsets.UTF_8)));
        return append(file);
    }

    /** Keeps the rows up to {@code lastIteration} and appends after them. */
    public static TrainingLog resume(Path file, long lastIteration) throws IOException {
        List<Row> kept = new ArrayList<>();
        if (Files.exists(file)) {
            for (Row row : read(file)) {
                if (row.iteration() <= lastIteration) {
                    kept.add(row);
                }
            }
        }
        AtomicFiles.write(file, out -> {
            StringBuilder text = new StringBuilder(HEADER).append('\n');
            for (Row row : kept) {
                text.append(format(row)).append('\n');
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        });
        return append(file);
    }

    private static TrainingLog append(Path file) throws IOException {
        return new TrainingLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    public void write(Row row) throws IOException {
        writer.write(format(row));
        writer.newLine();
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    public static List<Row> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw UserException.input("training log not found: " + file);
        } catch (IOException e) {
            throw UserException.input("cannot read training log " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw UserException.input(file + " is not a gfncp training log (expected the header '" + HEADER + "')");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw UserException.input(file + " line " + (i + 1) + ": " + f.length + " columns, expected 4");
            }
            try {
                rows.add(new Row(Long.parseLong(f[0]), Double.parseDouble(f[1]),
                        f[2].isEmpty() ? Double.NaN : Double.parseDouble(f[2]), Double.parseDouble(f[3])));
            } catch (NumberFormatException e) {
                throw UserException.input(file + " line " + (i + 1) + ": not a number: " + e.getMessage());
            }
        }
        return rows;
    }

    private static String format(Row row) {
        return row.iteration() + "," + ResultWriter.number(row.loss()) + ","
                + (Double.isNaN(row.nmi()) ? "" : String.format(Locale.ROOT, "%.6f", row.nmi())) + ","
                + String.format(Locale.ROOT, "%.3f", row.elapsedSeconds());
    }
}
