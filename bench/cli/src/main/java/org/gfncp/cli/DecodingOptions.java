package org.gfncp.cli;

import org.gfncp.cli.error.UserException;
import picocli.CommandLine.Option;

/** How a command decodes each set: greedily (the default), by beam search, or the first points and then the rest. */
public final class DecodingOptions {

    @Option(names = "--beam", paramLabel = "WIDTH",
            description = "Decode each set by beam search with WIDTH beams (GFNCP and NCP; the released code's "
                    + "evaluation uses 5) instead of greedily.")
    Integer beam;

    @Option(names = "--assign-after", paramLabel = "M",
            description = "For sets far larger than the model's training sets (GFNCP and NCP): decode the first M "
                    + "points greedily, then put every later point in its most probable cluster given them, in "
                    + "batches; M about the model's largest training set works best. Shuffle sorted input first.")
    Integer assignAfter;

    /** The beam width, or null; a usage error, before any work, for a width below 1 or beside --assign-after. */
    Integer beam() {
        if (beam != null && beam < 1) {
            throw UserException.usage("--beam must be at least 1, got " + beam);
        }
        if (beam != null && assignAfter != null) {
            throw UserException.usage("--beam and --assign-after are two ways to decode: choose one");
        }
        return beam;
    }

    /** The points decoded before the rest are assigned, or null; a usage error below 2. */
    Integer assignAfter() {
        if (assignAfter != null && assignAfter < 2) {
            throw UserException.usage("--assign-after must be at least 2, got " + assignAfter);
        }
        return assignAfter;
    }

    /** Whether every set is decoded greedily, point by point. */
    boolean greedy() {
        return beam == null && assignAfter == null;
    }

    /** How the sets are decoded, in words. */
    String describe() {
        if (assignAfter != null) {
            return "greedy decoding of the first " + assignAfter + " points, later points assigned given them";
        }
        return beam == null ? "greedy decoding" : "beam search, width " + beam;
    }
}
