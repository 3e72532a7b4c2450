package org.gfncp.cli.io;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.cli.error.UserException;
import org.gfncp.core.io.AtomicFiles;

/**
 * A model's evaluation record: a JSON file of named evaluations ({@code evaluations.<label>} with the algorithm,
 * checkpoint, its training iterations, backend, set description and {@code mean}/{@code std}/{@code sets} per metric) and a Markdown table of
 * the same content beside it, rewritten whenever an evaluation is added.
 */
public final class MetricsRecord {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * The metrics of an evaluation, in table order; the oracle's are those of Bayes-optimal labels under the true
     * parameters of generated sets (the ceiling for any clusterer, n/a for given sets). The law's ({@code law}) compare
     * clusterings of generated sets under their generating law with the means integrated out
     * ({@link org.gfncp.core.data.MixtureOfGaussians#logJoint}): {@code log p(x, predicted) - log p(x, truth)}, the
     * share of sets where that is at least 0 (the law itself prefers the prediction to the truth), and the same
     * difference for the oracle's labels.
     */
    public static final List<String> METRICS = List.of("NMI", "ARI", "ACC", "MC_pred/N", "MC_gt/N", "oracle NMI",
            "oracle ARI", "law dlogp", "law pred>=truth", "law dlogp oracle");

    private MetricsRecord() {
    }

    /** The Markdown file kept beside {@code json}: the same name with {@code .md}. */
    public static Path markdownFile(Path json) {
        String name = json.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return json.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".md");
    }

    /**
     * Adds (or replaces) the evaluation {@code label} in {@code json} and rewrites its Markdown table.
     *
     * @param decoding how the sets were decoded, in words
     * @param metrics per metric name, a map with at least {@code mean}, {@code std} and {@code sets}; other entries
     *     (such as per-set values) are not recorded
     */
    public static void add(Path json, String label, String algorithm, Path checkpoint, Object trainingIterations,
            String backend, String sets, String decoding, Map<String, Map<String, Object>> metrics) throws IOException {
        Map<String, Object> document = read(json);
        @SuppressWarnings("unchecked")
        Map<String, Object> evaluations = (Map<String, Object>) document.computeIfAbsent("evaluations",
                k -> new LinkedHashMap<String, Object>());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("algorithm", algorithm);
        entry.put("checkpoint", checkpoint.toString());
        entry.put("trainingIterations", trainingIterations);
        entry.put("backend", backend);
        entry.put("decoding", decoding);
        entry.put("sets", sets);
        Map<String, Object> kept = new LinkedHashMap<>();
        metrics.forEach((name, values) -> kept.put(name,
                Map.of("mean", values.get("mean"), "std", values.get("std"), "sets", values.get("sets"))));
        entry.put("metrics", kept);
        evaluations.put(label, entry);
        byte[] bytes = MAPPER.writeValueAsBytes(document);
        AtomicFiles.write(json, o -> o.write(bytes));
        byte[] table = markdown(evaluations).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(markdownFile(json), o -> o.write(table));
    }

    private static Map<String, Object> read(Path json) throws IOException {
        if (!Files.exists(json)) {
            return new LinkedHashMap<>();
        }
        try {
            Map<String, Object> document = MAPPER.readValue(json.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
            Object evaluations = document.get("evaluations");
            if (evaluations != null && !(evaluations instanceof Map<?, ?>)) {
                throw UserException.input(json + ": 'evaluations' must be an object");
            }
            return document;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw UserException.input(json + " is not a metrics record: " + e.getOriginalMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static String markdown(Map<String, Object> evaluations) {
        StringBuilder md = new StringBuilder("# Metrics\n\nMean ± std over the sets of each evaluation. "
                + "Written by `gfncp eval --record`.\n\n| evaluation | sets | model | backend | decoding |");
        METRICS.forEach(m -> md.append(' ').append(m).append(" |"));
        md.append("\n|---|---|---|---|---|");
        METRICS.forEach(m -> md.append("---|"));
        md.append('\n');
        for (Map.Entry<String, Object> e : evaluations.entrySet()) {
            Map<String, Object> entry = (Map<String, Object>) e.getValue();
            Map<String, Object> metrics = (Map<String, Object>) entry.getOrDefault("metrics", Map.of());
            md.append("| ").append(e.getKey()).append(" | ").append(entry.get("sets")).append(" | ")
                    .append(entry.get("algorithm")).append(", ").append(entry.get("trainingIterations"))
                    .append(" iterations | ").append(entry.get("backend")).append(" | ")
                    .append(entry.getOrDefault("decoding", "greedy decoding")).append(" |");
            for (String m : METRICS) {
                Object value = metrics.get(m);
                if (value instanceof Map<?, ?> v && v.get("mean") instanceof Number mean && v.get("std") instanceof Number std) {
                    md.append(String.format(Locale.ROOT, " %.4f ± %.4f |", mean.doubleValue(), std.doubleValue()));
                } else {
                    md.append(" n/a |");
                }
            }
            md.append('\n');
        }
        return md.toString();
    }
}
