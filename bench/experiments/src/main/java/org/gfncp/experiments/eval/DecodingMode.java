package org.gfncp.experiments.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.experiments.model.ExperimentModel;

/**
 * How a table decodes its test sets (spec 6): greedy decoding, the paper's metric; beam search with a given number of
 * beams (spec 2.4; the released code's evaluation uses 5); or the paper's average score (its appendix B, Table 5):
 * NMI and ARI averaged over the distinct clusterings among a number of policy samples. The spec reports the last two
 * beside the greedy rows, not instead of them.
 *
 * @param kind which decoding
 * @param count 1 for greedy decoding, the beams of a beam search, or the samples drawn per set
 */
public record DecodingMode(Kind kind, int count) {

    /** The decodings a table can use. */
    public enum Kind { GREEDY, BEAM, AVERAGE }

    public static final DecodingMode GREEDY = new DecodingMode(Kind.GREEDY, 1);

    /** Seed of set i's samples in average mode: {@code SAMPLE_SEED + i}, i its index in the benchmark. */
    public static final long SAMPLE_SEED = 2025;

    public DecodingMode {
        if (kind == Kind.GREEDY && count != 1 || kind == Kind.BEAM && count < 2 || kind == Kind.AVERAGE && count < 1) {
            throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " decoding cannot use " + count);
        }
    }

    /** {@code greedy}, {@code beam:W} (W at least 2) or {@code average:S} (S samples, at least 1). */
    public static DecodingMode parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("greedy")) {
            return GREEDY;
        }
        for (Kind kind : new Kind[] {Kind.BEAM, Kind.AVERAGE}) {
            String prefix = kind.name().toLowerCase(Locale.ROOT) + ":";
            if (t.startsWith(prefix)) {
                try {
                    int count = Integer.parseInt(t.substring(prefix.length()));
                    if (count >= (kind == Kind.BEAM ? 2 : 1)) {
                        return new DecodingMode(kind, count);
                    }
                } catch (NumberFormatException e) {
                    // reported below with the accepted forms
                }
            }
        }
        throw new IllegalArgumentException("decoding must be 'greedy', 'beam:W' with W >= 2 beams or 'average:S' with "
                + "S >= 1 samples, got '" + text + "'");
    }

    public boolean greedy() {
        return kind == Kind.GREEDY;
    }

    /** A short name for file names and stored evaluations: {@code greedy}, {@code beam5}, {@code average100}. */
    public String id() {
        return greedy() ? "greedy" : kind.name().toLowerCase(Locale.ROOT) + count;
    }

    /** The decoding in words, for reports. */
    public String describe() {
        return switch (kind) {
            case GREEDY -> "Greedy decoding";
            case BEAM -> "Beam search with " + count + " beams (spec 2.4: 2 kept after the first step, "
                    + Math.min(5, count) + " after the second, then " + count + "), its most probable beam";
            case AVERAGE -> "Average score (the paper's appendix B): NMI and ARI averaged over the distinct clusterings "
                    + "among " + count + " policy samples per set (set i's seeded by " + SAMPLE_SEED + " + i), MC and "
                    + "K of the most probable of them";
        };
    }

    /**
     * The scored clusterings of each set, in order, the most probable first: one for greedy decoding and beam search,
     * the distinct samples in average mode.
     *
     * @param firstIndex the index of {@code sets.get(0)} in its benchmark (it seeds the samples)
     */
    public List<List<Clustering>> decode(ExperimentModel model, List<double[][]> sets, int firstIndex) {
        List<List<Clustering>> out = new ArrayList<>(sets.size());
        switch (kind) {
            case GREEDY -> model.greedy(sets).forEach(c -> out.add(List.of(c)));
            case BEAM -> model.beam(sets, count).forEach(c -> out.add(List.of(c)));
            case AVERAGE -> {
                for (int i = 0; i < sets.size(); i++) {
                    out.add(model.sample(sets.get(i), count, SAMPLE_SEED + firstIndex + i));
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return greedy() ? "greedy" : kind.name().toLowerCase(Locale.ROOT) + ":" + count;
    }
}
