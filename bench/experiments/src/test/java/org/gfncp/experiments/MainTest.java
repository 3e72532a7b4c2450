package org.gfncp.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gfncp.experiments.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    /** Tiny networks and batches so that real GFNCP/NCP training takes well under a second per iteration. */
    private static final String[] TINY = {"--backend", "reference", "--no-progress", "--batch", "2", "--train-n",
        "8,12", "--model-setting", "hidden=8,encodingDimension=8,encoderHidden=8,clusterDimension=8"};

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private String[] tiny(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(TINY));
        all.addAll(List.of("--checkpoint-dir", dir.resolve("ckpt").toString(), "--test-set-dir",
                dir.resolve("sets").toString()));
        return all.toArray(new String[0]);
    }

    @Test
    void table2EndToEndWithRealModels() throws IOException {
        Path outDir = dir.resolve("table2");
        int code = run(tiny("table2", "--iterations", "2", "--seeds", "2", "--test-sets", "4", "--test-n", "24,16",
                "--checkpoint-every", "1", "--out", outDir.toString()));
        assertThat(code).as(err.toString()).isZero();
        String md = Files.readString(outDir.resolve("table2.md"));
        assertThat(md).contains("Table 2 (MoG, K fixed to 6)").contains("backend: reference")
                .contains("iterations: ncp 2, gfncp 2").contains("profile P").contains("profile C")
                .contains("N = 24, M = 4").contains("N = 16, M = 4");
        Pattern row = Pattern.compile("^\\| (NCP|GFNCP) \\| (-?[0-9.]+) ± [0-9.]+ \\| (-?[0-9.]+) ± [0-9.]+ \\| ([0-9.]+) ± [0-9.]+ \\|$");
        int rows = 0;
        for (String line : md.lines().toList()) {
            Matcher m = row.matcher(line);
            if (m.matches() && !line.contains("± 0.00 | 0.98")) {
                rows++;
                assertThat(Double.parseDouble(m.group(2))).isBetween(0.0, 1.0 + 1e-12);
                assertThat(Double.parseDouble(m.group(3))).isBetween(-1.0, 1.0 + 1e-12);
                assertThat(Double.parseDouble(m.group(4))).isGreaterThanOrEqualTo(0.0);
            }
        }
        // main table of each profile (2 rows each) and the paper table's NCP row
        assertThat(rows).isGreaterThanOrEqualTo(4);
        JsonNode json = Json.mapper().readTree(outDir.resolve("table2.json").toFile());
        assertThat(json.get("algorithms")).hasSize(2);
        for (JsonNode algorithm : json.get("algorithms")) {
            for (JsonNode benchmark : algorithm.get("results")) {
                for (JsonNode seed : benchmark.get("seeds")) {
                    for (JsonNode v : seed.get("perSet").get("NMI")) {
                        assertThat(v.asDouble()).isBetween(0.0, 1.0 + 1e-12);
                    }
                    for (JsonNode k : seed.get("perSet").get("K_true")) {
                        assertThat(k.asDouble()).isEqualTo(6.0);
                    }
                }
            }
        }
        assertThat(outDir.resolve("table2-nmi-per-seed-P-n24.png")).exists();
        assertThat(outDir.resolve("table2-nmi-per-seed-C-n16.png")).exists();
        assertThat(dir.resolve("ckpt").resolve("gfncp-k6-seed124.ckpt")).exists();
        assertThat(dir.resolve("ckpt").resolve("ncp-k6-seed123.ckpt")).exists();

        // a second run reuses the checkpoints and test sets and reproduces the table exactly
        Path again = dir.resolve("again");
        assertThat(run(tiny("table2", "--iterations", "2", "--seeds", "2", "--test-sets", "4", "--test-n", "24,16",
                "--out", again.toString()))).isZero();
        assertThat(mainRows(Files.readString(again.resolve("table2.md")))).isEqualTo(mainRows(md));
    }

    private static List<String> mainRows(String md) {
        return md.lines().filter(l -> l.startsWith("| NCP |") || l.startsWith("| GFNCP |"))
                .filter(l -> !l.contains("s/set")).map(l -> l.replaceAll("\\| [0-9.]+ \\|$", "|")).toList();
    }

    @Test
    void sdppAndTimingEndToEnd() throws IOException {
        Path sdpp = dir.resolve("sdpp");
        assertThat(run(tiny("sdpp", "--algorithms", "gfncp", "--iterations", "1", "--seeds", "1", "--sdpp-sets",
                "2", "--sdpp-n", "8", "--sdpp-profile", "P", "--samples", "3", "--permutations", "5", "--out",
                sdpp.toString()))).as(err.toString()).isZero();
        assertThat(Files.readString(sdpp.resolve("sdpp.md"))).contains("| GFNCP | 2 |")
                .contains("profile P (paper protocol: CRP alpha 6, no cap on K); N = 8")
                .contains("- seed 123: gfncp: 1 iterations").contains("hidden=8");
        assertThat(sdpp.resolve("sdpp-ecdf.png")).exists();

        Path timing = dir.resolve("timing");
        assertThat(run(tiny("timing", "--warmup", "1", "--measured", "1", "--sizes", "10,20", "--repeats", "1",
                "--out", timing.resolve("reference").toString()))).as(err.toString()).isZero();
        // the SDPP run left its trained GFNCP in the checkpoint directory: training is timed from it too
        assertThat(out.toString()).contains("reference gfncp from fresh weights (untrained): ")
                .contains("reference gfncp from trained: gfncp-kany-seed123.ckpt: ").contains("s/iteration")
                .contains("slope");
        assertThat(run("merge-timing", timing.toString(), "reference", "djl")).isZero();
        String md = Files.readString(timing.resolve("timing.md"));
        assertThat(md).contains("| reference |").contains("N=10 s").contains("N=20 s").contains("1.85 s/it");
    }

    @Test
    void badInputIsAUsageError() {
        assertThat(run("table3", "--seeds", "x")).isEqualTo(2);
        assertThat(run("nonsense")).isEqualTo(2);
        assertThat(run(tiny("table3", "--algorithms", "dac", "--iterations", "1", "--test-sets", "1"))).isEqualTo(2);
        assertThat(err.toString()).contains("dac");
        assertThat(run(tiny("table3", "--iterations", "many"))).isEqualTo(2);
        assertThat(err.toString()).contains("--iterations");
        assertThat(run(tiny("table2", "--profiles", "P", "--test-n", "20,30"))).isEqualTo(2);
        assertThat(err.toString()).contains("--test-n has 2 sizes");
        assertThat(run(tiny("table3", "--decoding", "beam:1"))).isEqualTo(2);
        assertThat(run(tiny("table3", "--decoding", "fast"))).isEqualTo(2);
        assertThat(err.toString()).contains("--decoding").contains("got 'fast'");
    }

    @Test
    void aTableDecodedByBeamSearchWithRealModels() throws IOException {
        Path outDir = dir.resolve("table3-beam");
        int code = run(tiny("table3", "--iterations", "2", "--seeds", "1", "--profiles", "C", "--test-sets", "3",
                "--test-n", "12", "--decoding", "beam:3", "--out", outDir.toString()));
        assertThat(code).as(err.toString()).isZero();
        String md = Files.readString(outDir.resolve("table3.md"));
        assertThat(md).contains("Beam search with 3 beams").contains("| GFNCP |").contains("| NCP |");
        JsonNode json = Json.mapper().readTree(outDir.resolve("table3.json").toFile());
        assertThat(json.path("decoding").asText()).isEqualTo("beam:3");
        assertThat(Files.list(dir.resolve("ckpt").resolve("scores")).map(p -> p.getFileName().toString()))
                .isNotEmpty().allMatch(name -> name.endsWith("-beam3.json"));
        // the paper's average score over samples, from the same trained models
        Path average = dir.resolve("table3-average");
        assertThat(run(tiny("table3", "--iterations", "2", "--seeds", "1", "--profiles", "C", "--test-sets", "3",
                "--test-n", "12", "--decoding", "average:4", "--out", average.toString()))).as(err.toString()).isZero();
        assertThat(Files.readString(average.resolve("table3.md"))).contains("Average score").contains("| GFNCP |");
        assertThat(Files.list(dir.resolve("ckpt").resolve("scores")).map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.endsWith("-average4.json"));
    }
}
