/**
 * The training loop behind {@code gfncp train}: settings ({@link org.gfncp.cli.model.TrainingConfig}), the loop with
 * logging, validation and periodic atomic checkpoints, and exact resumption ({@link org.gfncp.cli.train.TrainingRun}).
 */
package org.gfncp.cli.train;
