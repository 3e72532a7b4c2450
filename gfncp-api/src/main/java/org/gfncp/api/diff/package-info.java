/** Differentiable values; core's tape implements them. */
package org.gfncp.api.diff;
