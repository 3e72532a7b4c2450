package org.gfncp.experiments.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.gfncp.core.io.NamedTensor;
import org.gfncp.experiments.data.Profile;
import org.gfncp.experiments.data.TestSetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreStoreTest {

    @TempDir
    Path dir;

    private final List<String> log = new java.util.ArrayList<>();
    private final AtomicInteger evaluations = new AtomicInteger();
    private final TestSetSpec spec = new TestSetSpec(Profile.P, 30, 3, 0, 7);

    private ScoreStore store() {
        return new ScoreStore(dir, log::add);
    }

    /** Distinct values per evaluation, so a reused result is told apart from a recomputed one. */
    private Supplier<SetScores> evaluation() {
        return () -> {
            int call = evaluations.incrementAndGet();
            Map<Metric, double[]> values = new EnumMap<>(Metric.class);
            for (Metric m : Metric.values()) {
                values.put(m, new double[] {call, 0.5 + m.ordinal(), 1.0 / 3});
            }
            return new SetScores(values, 1.25 * call);
        };
    }

    private static List<NamedTensor> weights(float first) {
        return List.of(new NamedTensor("g.0.weight", new int[] {2}, new float[] {first, 2f}),
                new NamedTensor("E.0.bias", new int[] {1}, new float[] {3f}));
    }

    @Test
    void theSameWeightsBackendAndSetsAreEvaluatedOnceAndReadBackExactly() throws IOException {
        SetScores first = store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.GREEDY, evaluation());
        SetScores again = store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.GREEDY, evaluation());
        assertThat(evaluations).hasValue(1);
        for (Metric m : Metric.values()) {
            assertThat(again.get(m)).containsExactly(first.get(m));
        }
        assertThat(again.decodeSeconds()).isEqualTo(1.25);
        assertThat(String.join("\n", log)).contains("reusing the stored evaluation");
    }

    @Test
    void otherWeightsBackendOrSetsAreEvaluatedAgain() throws IOException {
        store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.GREEDY, evaluation());
        store().scores("gfncp", weights(Math.nextUp(1f)), "djl", spec, DecodingMode.GREEDY, evaluation());
        store().scores("gfncp", weights(1f), "tensorflow", spec, DecodingMode.GREEDY, evaluation());
        store().scores("gfncp", weights(1f), "djl", spec.withSets(4), DecodingMode.GREEDY, evaluation());
        store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.parse("beam:5"), evaluation());
        store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.parse("beam:10"), evaluation());
        store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.parse("average:5"), evaluation());
        assertThat(evaluations).hasValue(7);
        store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.parse("beam:5"), evaluation());
        assertThat(evaluations).hasValue(7);
    }

    @Test
    void optimizerStateDoesNotChangeWhichModelWasEvaluated() throws IOException {
        store().scores("ncp", weights(1f), "djl", spec, DecodingMode.GREEDY, evaluation());
        List<NamedTensor> withMoments = Stream.concat(weights(1f).stream(),
                Stream.of(new NamedTensor("optim/m/g.0.weight", new int[] {2}, new float[] {9f, 9f}))).toList();
        store().scores("ncp", withMoments, "djl", spec, DecodingMode.GREEDY, evaluation());
        assertThat(evaluations).hasValue(1);
    }

    @Test
    void aTruncatedEntryIsReEvaluatedAndReplaced() throws IOException {
        store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.GREEDY, evaluation());
        Path entry;
        try (Stream<Path> files = Files.list(dir)) {
            entry = files.findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        SetScores redone = store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.GREEDY, evaluation());
        assertThat(evaluations).hasValue(2);
        assertThat(redone.get(Metric.NMI)[0]).isEqualTo(2.0);
        assertThat(String.join("\n", log)).contains("is unusable");
        store().scores("gfncp", weights(1f), "djl", spec, DecodingMode.GREEDY, evaluation());
        assertThat(evaluations).hasValue(2);
    }
}
