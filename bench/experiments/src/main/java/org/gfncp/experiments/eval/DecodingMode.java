package org.gfncp.experiments.eval;

import java.util.List;
import java.util.Locale;
import org.gfncp.api.cluster.Clustering;
import org.gfncp.experiments.model.ExperimentModel;

/**
 * How a table decodes its test sets (spec 6): greedy decoding, the paper's metric, or beam search with a given number
 * of beams (spec 2.4; the released code's evaluation uses 5), which the spec allows as a separate report.
 *
 * @param beams 1 for greedy decoding, else the beams kept after the second step
 */
public record DecodingMode(int beams) {

    public static final DecodingMode GREEDY = new DecodingMode(1);

    public DecodingMode {
        if (beams < 1) {
            throw new IllegalArgumentException("a beam search needs at least one beam, got " + beams);
        }
    }

    /** {@code greedy} or {@code beam:W} (W at least 2), as the command line writes it. */
    public static DecodingMode parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("greedy")) {
            return GREEDY;
        }
        if (t.startsWith("beam:")) {
            try {
                int beams = Integer.parseInt(t.substring("beam:".length()));
                if (beams >= 2) {
                    return new DecodingMode(beams);
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted forms
            }
        }
        throw new IllegalArgumentException("decoding must be 'greedy' or 'beam:W' with W >= 2 beams, got '" + text + "'");
    }

    public boolean greedy() {
        return beams == 1;
    }

    /** A short name for file names and stored evaluations: {@code greedy} or {@code beam5}. */
    public String id() {
        return greedy() ? "greedy" : "beam" + beams;
    }

    /** The decoding in words, for reports. */
    public String describe() {
        return greedy() ? "Greedy decoding"
                : "Beam search with " + beams + " beams (spec 2.4: 2 kept after the first step, " + Math.min(5, beams)
                        + " after the second, then " + beams + "), its most probable beam";
    }

    /** The clustering of each set, in order. */
    public List<Clustering> decode(ExperimentModel model, List<double[][]> sets) {
        return greedy() ? model.greedy(sets) : model.beam(sets, beams);
    }

    @Override
    public String toString() {
        return greedy() ? "greedy" : "beam:" + beams;
    }
}
