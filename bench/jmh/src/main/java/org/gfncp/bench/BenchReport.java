package org.gfncp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.gfncp.core.io.AtomicFiles;

/**
 * Merges the JMH JSON result of each backend ({@code <dir>/<backend>.json}) into one side-by-side table:
 * {@code backends.md} and {@code backends.json} in the same directory. Every cell also gives the time as a ratio
 * to the fastest backend on that row, since only ratios measured in one run mean much on a shared machine.
 *
 * <p>Usage: {@code BenchReport <results-dir> [backend...]} (backends default to every {@code *.json} but the
 * merged file, in the order given).
 */
public final class BenchReport {

    /** One measured benchmark row: name plus parameters. */
    record Row(String benchmark, String params) {
    }

    /** One backend's measurement of a row. */
    record Cell(double score, double error, String unit) {
    }

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: BenchReport <results-dir> [backend...]");
        }
        Path dir = Path.of(args[0]);
        List<String> backends = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            backends.add(args[i]);
        }
        if (backends.isEmpty()) {
            try (var files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".json") && !n.equals("backends.json"))
                        .sorted()
                        .forEach(n -> backends.add(n.substring(0, n.length() - 5)));
            }
        }
        Map<String, Map<Row, Cell>> results = new LinkedHashMap<>();
        for (String b : backends) {
            Path file = dir.resolve(b + ".json");
            if (Files.exists(file)) {
                results.put(b, read(file));
            }
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("no JMH result files (<backend>.json) in " + dir);
        }
        String header = environment(dir);
        write(dir.resolve("backends.md"), markdown(header, results));
        write(dir.resolve("backends.json"), json(header, results));
        System.out.print(markdown(header, results));
    }

    static Map<Row, Cell> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Map<Row, Cell> out = new LinkedHashMap<>();
        for (JsonNode r : root) {
            String name = r.get("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            Map<String, String> params = new TreeMap<>();
            JsonNode p = r.get("params");
            if (p != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    params.put(e.getKey(), e.getValue().asText());
                }
            }
            JsonNode m = r.get("primaryMetric");
            double error = m.get("scoreError").asDouble();
            out.put(new Row(name, params.toString().replaceAll("[{}]", "")),
                    new Cell(m.get("score").asDouble(), Double.isNaN(error) ? 0 : error, m.get("scoreUnit").asText()));
        }
        return out;
    }

    static String markdown(String header, Map<String, Map<Row, Cell>> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Backend comparison\n\n").append(header).append("\n\n");
        sb.append("Mean time per operation ± 99.9% error, and in brackets the ratio to the fastest backend on the row.\n\n");
        sb.append("| benchmark | params |");
        for (String b : results.keySet()) {
            sb.append(' ').append(b).append(" |");
        }
        sb.append("\n|---|---|");
        sb.append("---|".repeat(results.size())).append('\n');
        for (Row row : rows(results)) {
            double best = best(results, row);
            sb.append("| ").append(row.benchmark()).append(" | ").append(row.params()).append(" |");
            for (Map<Row, Cell> r : results.values()) {
                Cell c = r.get(row);
                sb.append(' ').append(c == null ? "n/a" : String.format(Locale.ROOT, "%.4g ± %.2g %s (%.2f×)",
                        c.score(), c.error(), c.unit(), c.score() / best)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static String json(String header, Map<String, Map<Row, Cell>> results) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("environment", header);
        ArrayNode rows = root.putArray("rows");
        for (Row row : rows(results)) {
            double best = best(results, row);
            ObjectNode o = rows.addObject();
            o.put("benchmark", row.benchmark());
            o.put("params", row.params());
            ObjectNode per = o.putObject("backends");
            results.forEach((b, r) -> {
                Cell c = r.get(row);
                if (c != null) {
                    ObjectNode cell = per.putObject(b);
                    cell.put("score", c.score());
                    cell.put("error", c.error());
                    cell.put("unit", c.unit());
                    cell.put("ratioToFastest", c.score() / best);
                }
            });
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Row> rows(Map<String, Map<Row, Cell>> results) {
        List<Row> rows = new ArrayList<>();
        for (Map<Row, Cell> r : results.values()) {
            for (Row row : r.keySet()) {
                if (!rows.contains(row)) {
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static double best(Map<String, Map<Row, Cell>> results, Row row) {
        double best = Double.POSITIVE_INFINITY;
        for (Map<Row, Cell> r : results.values()) {
            Cell c = r.get(row);
            if (c != null) {
                best = Math.min(best, c.score());
            }
        }
        return best;
    }

    private static String environment(Path dir) throws IOException {
        Path env = dir.resolve("environment.txt");
        return Files.exists(env) ? Files.readString(env, StandardCharsets.UTF_8).strip()
                : "Environment not recorded.";
    }

    private static void write(Path target, String text) throws IOException {
        AtomicFiles.write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
