/** Markdown tables in the paper's layout, the raw-number JSON, and PNG charts (XChart). */
package org.gfncp.experiments.report;
