package org.gfncp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.core.algo.gfncp.Gfncp;
import org.gfncp.core.algo.gfncp.GfncpConfig;
import org.gfncp.core.algo.gfncp.GfncpTrainer;
import org.gfncp.core.backend.BackendSelector;
import org.gfncp.core.diff.Parameter;
import org.gfncp.spi.backend.Backend;
import org.gfncp.spi.backend.BackendConfig;

/**
 * Issue 3 at the official settings: trains GFNCP ({@link GfncpConfig#mog2d()}: batch 32, N in [50, 100), seed 1)
 * for a number of iterations on this JVM's backend ({@code -Dgfncp.backend=...}) and records every loss and
 * iteration time; then, in a separate run, compares the recorded backends with a base backend. One engine per JVM,
 * so {@code bench/run-agreement.sh} runs {@code train} once per backend and {@code report} once at the end.
 *
 * <p>A {@code nudged} run moves one initial weight (the first element of the first parameter) by one float32 ulp and
 * is recorded as {@code <backend>-nudged}: it measures how far the same backend drifts from itself after a single
 * rounding difference, the floor below which no two backends can be expected to agree at these settings.
 *
 * <p>Usage:
 * <pre>
 * LossAgreement train  &lt;dir&gt; [iterations=50] [seed=1] [nudged]  writes &lt;dir&gt;/&lt;backend&gt;[-nudged].json
 * LossAgreement report &lt;dir&gt; &lt;base&gt; &lt;run&gt;...                    writes &lt;dir&gt;/agreement.md
 * </pre>
 */
public final class LossAgreement {

    /** Iterations compared unless given. */
    static final int DEFAULT_ITERATIONS = 50;

    /** Iterations shown in full in the per-iteration excerpt, at the start and at the end. */
    static final int EXCERPT = 5;

    /** Final iterations whose mean loss is reported. */
    static final int TAIL = 10;

    /** Relative difference counted as float32 agreement (the conformance kit's bound for its small models). */
    static final double FLOAT32_AGREEMENT = 1e-5;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one backend recorded. */
    record Run(String backend, String engine, long seed, double[] losses, double[] seconds) {

        /** Mean seconds per iteration after the first (which also pays for warm-up and native initialization). */
        double secondsPerIteration() {
            if (seconds.length < 2) {
                return seconds.length == 0 ? Double.NaN : seconds[0];
            }
            return Arrays.stream(seconds, 1, seconds.length).average().orElse(Double.NaN);
        }
    }

    private LossAgreement() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || !(args[0].equals("train") || args[0].equals("report"))) {
            throw new IllegalArgumentException("usage: LossAgreement train <dir> [iterations] [seed] | "
                    + "LossAgreement report <dir> <base> <backend>...; got " + Arrays.toString(args));
        }
        Path dir = Path.of(args[1]);
        if (args[0].equals("train")) {
            int iterations = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_ITERATIONS;
            long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
            if (iterations < 1) {
                throw new IllegalArgumentException("need at least one iteration, got " + iterations);
            }
            if (args.length > 4 && !args[4].equals("nudged")) {
                throw new IllegalArgumentException("the fifth argument can only be 'nudged', got " + args[4]);
            }
            Run run = train(dir, iterations, seed, args.length > 4);
            System.out.printf(Locale.ROOT, "%s: %d losses, %.3f s per iteration -> %s%n", run.backend(),
                    run.losses().length, run.secondsPerIteration(), dir.resolve(run.backend() + ".json"));
        } else {
            if (args.length < 4) {
                throw new IllegalArgumentException("report needs <dir> <base> and at least one backend, got "
                        + Arrays.toString(args));
            }
            Run base = read(dir, args[2]);
            Map<String, Run> others = new LinkedHashMap<>();
            for (int i = 3; i < args.length; i++) {
                if (!args[i].equals(args[2])) {
                    others.put(args[i], read(dir, args[i]));
                }
            }
            String table = report(base, others);
            Path out = dir.resolve("agreement.md");
            Path tmp = dir.resolve("agreement.md.tmp");
            Files.writeString(tmp, table, StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("report: " + out);
        }
    }

    /**
     * Trains the official GFNCP on the selected backend and times every iteration. The file is rewritten after
     * every iteration, so a run stopped early (the reference takes long) still leaves its first losses.
     */
    static Run train(Path dir, int iterations, long seed, boolean nudged) throws IOException {
        GfncpConfig config = GfncpConfig.mog2d().withSeed(seed);
        try (Backend backend = BackendSelector.fromClasspath().open(null, BackendConfig.defaults()).backend();
             Gfncp model = new Gfncp(backend, config);
             GfncpTrainer trainer = new GfncpTrainer(model)) {
            String label = backend.name() + (nudged ? "-nudged" : "");
            if (nudged) {
                Parameter first = model.parameters().list().get(0);
                float[] w = backend.ops().toFloats(first.value());
                w[0] = Math.nextUp(w[0]);
                first.set(backend.ops().fromFloats(w, first.value().shape()));
            }
            double[] losses = new double[iterations];
            double[] seconds = new double[iterations];
            Run run = null;
            for (int i = 0; i < iterations; i++) {
                long start = System.nanoTime();
                losses[i] = trainer.step();
                seconds[i] = (System.nanoTime() - start) / 1e9;
                System.err.printf(Locale.ROOT, "%s %3d loss %.9g  %.2f s%n", label, i, losses[i], seconds[i]);
                run = new Run(label, backend.engineVersion(), seed, Arrays.copyOf(losses, i + 1),
                        Arrays.copyOf(seconds, i + 1));
                write(dir, run);
            }
            return run;
        }
    }

    static void write(Path dir, Run run) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("backend", run.backend());
        root.put("engine", run.engine());
        root.put("config", "GfncpConfig.mog2d(): batch 32, N in [50, 100), FLOAT32");
        root.put("seed", run.seed());
        root.put("threads", BackendConfig.defaults().intraOpThreads());
        root.put("secondsPerIteration", run.secondsPerIteration());
        ArrayNode losses = root.putArray("losses");
        Arrays.stream(run.losses()).forEach(losses::add);
        ArrayNode seconds = root.putArray("seconds");
        Arrays.stream(run.seconds()).forEach(seconds::add);
        Path out = dir.resolve(run.backend() + ".json");
        Path tmp = dir.resolve(run.backend() + ".json.tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Run read(Path dir, String backend) throws IOException {
        Path file = dir.resolve(backend + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no recorded run for backend '" + backend + "': " + file
                    + " is missing (run LossAgreement train with -Dgfncp.backend=" + backend + ")");
        }
        JsonNode root = JSON.readTree(file.toFile());
        return new Run(root.path("backend").asText(backend), root.path("engine").asText(""),
                root.path("seed").asLong(), doubles(root.path("losses")), doubles(root.path("seconds")));
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    /** The largest relative difference of {@code r} from {@code base} over the first {@code n} iterations. */
    static double maxDifference(Run r, Run base, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, relativeDifference(r.losses()[i], base.losses()[i]));
        }
        return max;
    }

    /** Mean of the last {@link #TAIL} of the first {@code n} losses: where curves stand once they drifted apart. */
    static double tailMean(double[] losses, int n) {
        return Arrays.stream(losses, Math.max(0, n - TAIL), n).average().orElse(Double.NaN);
    }

    /** {@code |a - b| / |b|}: the relative difference of {@code a} from the base value {@code b}. */
    static double relativeDifference(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), Double.MIN_NORMAL);
    }

    /** The markdown report: summary per backend, then the per-iteration excerpt. */
    static String report(Run base, Map<String, Run> others) {
        for (Run r : others.values()) {
            if (r.seed() != base.seed()) {
                throw new IllegalArgumentException(r.backend() + " was trained with seed " + r.seed() + ", "
                        + base.backend() + " with seed " + base.seed() + ": losses are not comparable");
            }
        }
        int n = base.losses().length;
        for (Run r : others.values()) {
            n = Math.min(n, r.losses().length);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "GFNCP, GfncpConfig.mog2d() (batch 32, N in [50, 100)), FLOAT32, seed %d, "
                + "first %d iterations; base: %s.%n%n", base.seed(), n, base.backend()));
        s.append(String.format(Locale.ROOT, "| run | leading iterations within %.0e | max rel. diff, first %d "
                + "| max rel. diff, all | mean loss, last %d | s / iteration |%n|---|---|---|---|---|---|%n",
                FLOAT32_AGREEMENT, Math.min(EXCERPT, n), Math.min(TAIL, n)));
        s.append(String.format(Locale.ROOT, "| %s (base) | - | - | - | %.4f | %.3f |%n", base.backend(),
                tailMean(base.losses(), n), base.secondsPerIteration()));
        for (Run r : others.values()) {
            int leading = 0;
            while (leading < n
                    && relativeDifference(r.losses()[leading], base.losses()[leading]) <= FLOAT32_AGREEMENT) {
                leading++;
            }
            s.append(String.format(Locale.ROOT, "| %s | %d | %.2e | %.2e | %.4f | %.3f |%n", r.backend(), leading,
                    maxDifference(r, base, Math.min(EXCERPT, n)), maxDifference(r, base, n), tailMean(r.losses(), n),
                    r.secondsPerIteration()));
        }
        s.append("\nSeconds per iteration: mean over iterations 2.. (the first pays for warm-up). A run named "
                + "<backend>-nudged is that backend with one initial weight moved by one float32 ulp.\n\n");
        s.append("| iteration | ").append(base.backend()).append(" loss");
        for (Run r : others.values()) {
            s.append(" | ").append(r.backend()).append(" loss | rel. diff");
        }
        s.append(" |\n|---|---");
        s.append("|---|---".repeat(others.size())).append("|\n");
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i < EXCERPT || i >= n - EXCERPT || i % 10 == 9) {
                rows.add(i);
            }
        }
        for (int i : rows) {
            s.append(String.format(Locale.ROOT, "| %d | %.7f", i, base.losses()[i]));
            for (Run r : others.values()) {
                s.append(String.format(Locale.ROOT, " | %.7f | %.1e", r.losses()[i],
                        relativeDifference(r.losses()[i], base.losses()[i])));
            }
            s.append(" |\n");
        }
        return s.toString();
    }
}
