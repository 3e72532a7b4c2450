/** Tests of the SDPP comparison. */
package org.gfncp.experiments.sdpp;
