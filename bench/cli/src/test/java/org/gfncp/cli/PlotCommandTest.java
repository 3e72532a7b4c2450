package org.gfncp.cli;

import org.gfncp.cli.error.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.gfncp.cli.train.TrainingRun;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;
import org.gfncp.core.io.NamedTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotCommandTest {

    @TempDir
    Path dir;

    private Path checkpoint(String name, String algorithm, float radius) throws IOException {
        Path file = dir.resolve(name);
        Checkpoints.write(file, new Checkpoint(algorithm, Map.of("dimension", 2, "radius", 3.0), Map.of(),
                List.of(new NamedTensor("model/radius", new int[] {1}, new float[] {radius}),
                        new NamedTensor("optim/steps", new int[] {}, new float[] {0f}))));
        return file;
    }

    /** A real PNG (signature and decodable) of at least the given size with more than one colour. */
    private static void assertPng(Path file, int minWidth) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(5_000);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(minWidth);
        assertThat(image.getHeight()).isGreaterThan(200);
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int x = 0; x < image.getWidth() && !varied; x += 7) {
            for (int y = 0; y < image.getHeight() && !varied; y += 7) {
                varied = image.getRGB(x, y) != first;
            }
        }
        assertThat(varied).isTrue();
    }

    @Test
    void clustersPlotShowsTopThreeSideBySide() throws IOException {
        Path out = dir.resolve("clusters.png");
        CliHarness.Run run = CliHarness.run("plot", "clusters", "--checkpoint", checkpoint("m.ckpt", "fake", 3f).toString(),
                "--n", "30", "--seed", "5", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("#1 p=").contains("#3 p=");
        assertPng(out, 3 * 500);
    }

    @Test
    void sdppPlotComparesModels() throws IOException {
        Path out = dir.resolve("sdpp.png");
        Path csv = dir.resolve("sdpp.csv");
        CliHarness.Run run = CliHarness.runWithProgress("plot", "sdpp", "--model", "GFNCP, a=" + checkpoint("g.ckpt", "fake", 3f),
                "--model", "NCP=" + checkpoint("n.ckpt", "other", 1f), "--sets", "8", "--n", "12", "--permutations", "40",
                "--draws", "20", "--out", out.toString(), "--csv", csv.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("GFNCP, a: mean SDPP").contains("NCP: mean SDPP");
        assertPng(out, 1000);
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(1 + 16).first().isEqualTo("model,set,sdpp");
        assertThat(run.progress()).contains("sdpp GFNCP").contains("sdpp NCP").contains("8/8");
        // a name with a comma is quoted, so every row keeps three fields
        assertThat(rows.get(1)).startsWith("\"GFNCP, a\",0,");
        // the set-by-set comparison counts what the CSV holds
        int below = 0;
        for (int s = 0; s < 8; s++) {
            String[] fields = rows.get(1 + s).split(",");
            double gfncp = Double.parseDouble(fields[fields.length - 1]);
            double ncp = Double.parseDouble(rows.get(1 + 8 + s).split(",")[2]);
            below += ncp < gfncp ? 1 : 0;
        }
        assertThat(run.out()).contains("NCP below GFNCP, a on " + below + " of 8 sets").contains("90th percentile");
    }

    @Test
    void lossPlotFromTrainingLogs() throws IOException {
        Path run1 = dir.resolve("r1");
        CliHarness.Run train = CliHarness.run("train", "--algorithm", "fake", "--iterations", "30", "--batch", "2",
                "--n-min", "8", "--n-max", "12", "--validate-every", "10", "--out", run1.toString(), "--no-progress");
        assertThat(train.exitCode()).as(train.err()).isZero();
        Path out = dir.resolve("loss.png");
        CliHarness.Run run = CliHarness.run("plot", "loss", "--log", run1.resolve(TrainingRun.LOG_FILE).toString(),
                "--window", "5", "--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        // loss, seconds per iteration and validation NMI side by side
        assertPng(out, 3 * 500);
    }

    @Test
    void lossPlotRejectsForeignFiles() throws IOException {
        Path notALog = Files.writeString(dir.resolve("x.csv"), "a,b\n1,2\n");
        CliHarness.Run run = CliHarness.run("plot", "loss", "--log", notALog.toString(), "--out", dir.resolve("l.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.INPUT);
        assertThat(run.err()).contains("is not a gfncp training log");
        assertThat(dir.resolve("l.png")).doesNotExist();
    }
}
