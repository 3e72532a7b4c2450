package org.gfncp.experiments.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gfncp.cli.model.TrainingConfig;
import org.gfncp.cli.train.TrainingRun;
import org.gfncp.core.io.Checkpoint;
import org.gfncp.core.io.Checkpoints;

/** Writes what {@code gfncp train --out <run>} leaves behind, for tests that adopt or name such runs. */
public final class ToolRuns {

    private ToolRuns() {
    }

    /**
     * A finished run of {@code config}: its checkpoint holds the weights of the runner checkpoint {@code weights},
     * its best checkpoint those of {@code bestWeights} and their iteration.
     */
    public static void write(Path run, TrainingConfig config, Path weights, Path bestWeights) throws IOException {
        Checkpoint source = Checkpoints.read(weights);
        Map<String, Object> state = Map.of("iteration", (long) config.iterations(), "seed", config.seed(),
                "training", Checkpoint.toMap(config));
        Checkpoints.write(run.resolve(TrainingRun.CHECKPOINT_FILE),
                new Checkpoint(source.algorithm(), source.config(), state, source.tensors()));
        Checkpoint best = Checkpoints.read(bestWeights);
        Map<String, Object> bestState = new HashMap<>(state);
        bestState.put("iteration", best.state().get("iteration"));
        Checkpoints.write(run.resolve(TrainingRun.BEST_CHECKPOINT_FILE),
                new Checkpoint(best.algorithm(), best.config(), bestState, best.tensors()));
    }
}
