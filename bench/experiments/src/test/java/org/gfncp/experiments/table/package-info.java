/** Tests of the table runs. */
package org.gfncp.experiments.table;
