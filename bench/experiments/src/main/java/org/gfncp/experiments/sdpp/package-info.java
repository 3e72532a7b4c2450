/**
 * The SDPP comparison (GFNCP eq. 32, spec 0.8): how much a clustering's sequential probability changes with the
 * order of the points, for NCP and GFNCP, as a summary table, histogram and ECDF.
 */
package org.gfncp.experiments.sdpp;
