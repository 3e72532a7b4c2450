package org.gfncp.experiments.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gfncp.cli.model.TrainableModel;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.experiments.data.TestSetSpec;
import org.gfncp.experiments.report.Json;

/**
 * Evaluations kept on disk, one file per (weights, backend, benchmark), so a table run that stopped, or a run with
 * one more seed, decodes only the models it has not seen: at profile P one evaluation takes minutes. The key is a
 * hash of the evaluated weights themselves (optimizer state excluded), not of a file name, so a retrained or
 * fine-tuned model never reuses another model's scores. An unreadable entry is recomputed and replaced.
 */
public final class ScoreStore {

    private static final int FORMAT = 1;

    private final Path dir;
    private final Consumer<String> log;

    /**
     * @param dir where the entries live (created on first write)
     * @param log where reuse and replaced entries are reported
     */
    public ScoreStore(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /**
     * The scores of the model with these weights on {@code spec}, decoded so on {@code backend}: read back when
     * stored, otherwise computed by {@code evaluate} and stored atomically.
     */
    public SetScores scores(String algorithm, List<NamedTensor> weights, String backend, TestSetSpec spec,
            DecodingMode decoding, Supplier<SetScores> evaluate) throws IOException {
        String key = key(weights, backend, spec, decoding);
        Path file = dir.resolve(algorithm + "-" + key.substring(0, 16) + "-"
                + spec.fileName().replace(".testset", "") + (decoding.greedy() ? "" : "-" + decoding.id()) + ".json");
        if (Files.exists(file)) {
            try {
                SetScores stored = read(file, key, spec);
                log.accept("reusing the stored evaluation " + file);
                return stored;
            } catch (IOException | RuntimeException e) {
                log.accept("re-evaluating: the stored evaluation " + file + " is unusable (" + e.getMessage() + ")");
            }
        }
        SetScores scores = evaluate.get();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("format", FORMAT);
        entry.put("key", key);
        entry.put("algorithm", algorithm);
        entry.put("backend", backend);
        entry.put("benchmark", spec.fileName());
        entry.put("decoding", decoding.toString());
        entry.put("decodeSeconds", scores.decodeSeconds());
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            values.put(metric.name(), scores.get(metric));
        }
        entry.put("values", values);
        Json.write(file, entry);
        return scores;
    }

    private static SetScores read(Path file, String key, TestSetSpec spec) throws IOException {
        JsonNode root = Json.mapper().readTree(file.toFile());
        if (root == null || root.path("format").asInt() != FORMAT || !key.equals(root.path("key").asText())) {
            throw new IOException("written for other weights, backend or format");
        }
        Map<Metric, double[]> values = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            JsonNode array = root.path("values").path(metric.name());
            if (!array.isArray() || array.size() != spec.sets()) {
                throw new IOException(metric + " holds " + array.size() + " values for " + spec.sets() + " sets");
            }
            double[] v = new double[array.size()];
            for (int i = 0; i < v.length; i++) {
                JsonNode x = array.get(i);
                if (!x.isNumber()) {
                    throw new IOException(metric + " value " + i + " is not a number");
                }
                v[i] = x.asDouble();
            }
            values.put(metric, v);
        }
        return new SetScores(values, root.path("decodeSeconds").asDouble());
    }

    /**
     * SHA-256 over the weights (name, shape, float bits; sorted by name), the backend, the benchmark and a decoding
     * other than greedy (greedy evaluations keep the keys they were stored under before decodings were told apart).
     */
    static String key(List<NamedTensor> weights, String backend, TestSetSpec spec, DecodingMode decoding) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<NamedTensor> sorted = new ArrayList<>(weights);
        sorted.removeIf(t -> t.name().startsWith(TrainableModel.OPTIMIZER_PREFIX));
        sorted.sort(Comparator.comparing(NamedTensor::name));
        for (NamedTensor t : sorted) {
            digest.update(t.name().getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.allocate(4 * (t.shape().length + t.data().length + 1));
            buffer.putInt(t.shape().length);
            for (int d : t.shape()) {
                buffer.putInt(d);
            }
            for (float x : t.data()) {
                buffer.putInt(Float.floatToRawIntBits(x));
            }
            digest.update(buffer.array());
        }
        digest.update(("|" + backend + "|" + spec.fileName() + (decoding.greedy() ? "" : "|" + decoding.id()))
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }
}
