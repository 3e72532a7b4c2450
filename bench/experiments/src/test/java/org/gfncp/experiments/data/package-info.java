/** Tests of the stored test benchmarks. */
package org.gfncp.experiments.data;
