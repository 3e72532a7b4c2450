package org.gfncp.cli;

import org.gfncp.cli.error.UserException;
import picocli.CommandLine.Option;

/** How a command decodes each set: greedily (the default) or by beam search. */
public final class DecodingOptions {

    @Option(names = "--beam", paramLabel = "WIDTH",
            description = "Decode each set by beam search with WIDTH beams (GFNCP and NCP; the released code's "
                    + "evaluation uses 5) instead of greedily.")
    Integer beam;

    /** The beam width, or null for greedy decoding; a usage error, before any work, for a width below 1. */
    Integer beam() {
        if (beam != null && beam < 1) {
            throw UserException.usage("--beam must be at least 1, got " + beam);
        }
        return beam;
    }

    /** How the sets are decoded, in words. */
    String describe() {
        return beam == null ? "greedy decoding" : "beam search, width " + beam;
    }
}
