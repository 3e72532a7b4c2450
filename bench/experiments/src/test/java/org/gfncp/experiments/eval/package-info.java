/** Tests of per-set scoring and aggregation over seeds. */
package org.gfncp.experiments.eval;
