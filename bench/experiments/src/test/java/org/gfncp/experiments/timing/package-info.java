/** Tests of the timing run, the log-log fit and the merged report. */
package org.gfncp.experiments.timing;
