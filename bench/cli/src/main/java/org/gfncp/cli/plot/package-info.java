/** PNG charts (XChart): clusterings of a 2D set, SDPP histogram and ECDF, training curves. */
package org.gfncp.cli.plot;
