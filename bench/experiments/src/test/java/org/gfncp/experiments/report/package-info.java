/** Tests of the Markdown tables. */
package org.gfncp.experiments.report;
