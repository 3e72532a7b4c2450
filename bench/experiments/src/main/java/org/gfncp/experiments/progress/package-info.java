/** Progress with an ETA on long work (training, evaluation, timing), or silence in tests. */
package org.gfncp.experiments.progress;
