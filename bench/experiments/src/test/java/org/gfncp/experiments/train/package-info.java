/** Tests of training with checkpoints and resumption. */
package org.gfncp.experiments.train;
