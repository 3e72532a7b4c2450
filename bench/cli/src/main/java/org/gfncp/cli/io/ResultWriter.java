package org.gfncp.cli.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfncp.api.cluster.Clustering;

/**
 * Writes clustering results. CSV: one row per point and clustering, columns {@code set, rank, point, label,
 * probability, log_prob, p0, p1, ...} where {@code probability} is the model's probability of the chosen label at
 * that point's step, {@code log_prob} the whole clustering's log-probability, and {@code pk} the probability of
 * assigning the point to cluster {@code k} (the existing clusters, then "new"; blank where k was not a candidate).
 * JSON: {@code {"sets": [{"set", "points", "clusterings": [{"rank", "clusters", "logProb", "probability",
 * "labels", "assignmentProbabilities"}]}]}}.
 */
public final class ResultWriter {

    /** All clusterings returned for one input set, most probable first. */
    public record SetResult(String setId, List<Clustering> clusterings) {
    }

    private ResultWriter() {
    }

    public static void writeCsv(List<SetResult> results, OutputStream stream) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), false);
        int candidates = 0;
        for (SetResult result : results) {
            for (Clustering c : result.clusterings()) {
                for (double[] row : c.stepProbabilities()) {
                    candidates = Math.max(candidates, row.length);
                }
            }
        }
        StringBuilder header = new StringBuilder("set,rank,point,label,probability,log_prob");
        for (int k = 0; k < candidates; k++) {
            header.append(",p").append(k);
        }
        out.println(header);
        for (SetResult result : results) {
            for (int rank = 0; rank < result.clusterings().size(); rank++) {
                Clustering c = result.clusterings().get(rank);
                int[] labels = c.labels();
                double[][] steps = c.stepProbabilities();
                for (int i = 0; i < labels.length; i++) {
                    StringBuilder row = new StringBuilder();
                    row.append(csvField(result.setId())).append(',').append(rank).append(',').append(i).append(',')
                            .append(labels[i]).append(',');
                    double[] p = i < steps.length ? steps[i] : new double[0];
                    row.append(labels[i] < p.length ? number(p[labels[i]]) : "").append(',').append(number(c.logProb()));
                    for (int k = 0; k < candidates; k++) {
                        row.append(',');
                        if (k < p.length) {
                            row.append(number(p[k]));
                        }
                    }
                    out.println(row);
                }
            }
        }
        out.flush();
    }

    public static void writeJson(List<SetResult> results, OutputStream stream) throws IOException {
        List<Map<String, Object>> sets = new ArrayList<>();
        for (SetResult result : results) {
            List<Map<String, Object>> clusterings = new ArrayList<>();
            for (int rank = 0; rank < result.clusterings().size(); rank++) {
                Clustering c = result.clusterings().get(rank);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("rank", rank);
                entry.put("clusters", c.clusters());
                entry.put("logProb", c.logProb());
                entry.put("probability", c.probability());
                entry.put("labels", c.labels());
                entry.put("assignmentProbabilities", c.stepProbabilities());
                clusterings.add(entry);
            }
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("set", result.setId());
            set.put("points", result.clusterings().isEmpty() ? 0 : result.clusterings().get(0).labels().length);
            set.put("clusterings", clusterings);
            sets.add(set);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(stream, Map.of("sets", sets));
    }

    static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : Double.toString(value);
    }

    /** {@code value} as one CSV field: quoted (quotes doubled) where it holds a comma, a quote or a line break. */
    public static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
