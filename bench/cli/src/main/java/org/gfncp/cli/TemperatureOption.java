package org.gfncp.cli;

import org.gfncp.cli.error.UserException;
import picocli.CommandLine.Option;

/**
 * The sampling temperature of commands that draw clusterings. GFNCP's trained policies are flat (its untempered
 * samples leave the most probable candidate at about one point in eight, docs/results "Session 18"), so below 1 the
 * draws stay nearer the clusterings the model rates highest; the probabilities reported are still the model's.
 */
public final class TemperatureOption {

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1",
            description = "Draw each step from the model's step probabilities raised to 1/T and renormalized (GFNCP "
                    + "and NCP): below 1 the samples keep nearer the most probable clusterings. Reported "
                    + "probabilities stay the model's (default ${DEFAULT-VALUE}: the model's own distribution).")
    double temperature;

    /** The temperature; a usage error, before any work, unless it is positive and finite. */
    double temperature() {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw UserException.usage("--temperature must be positive and finite, got " + temperature);
        }
        return temperature;
    }

    /** How the samples are drawn, in words ("" at the model's own temperature). */
    String describe() {
        return temperature() == 1 ? "" : " at temperature " + temperature;
    }
}
