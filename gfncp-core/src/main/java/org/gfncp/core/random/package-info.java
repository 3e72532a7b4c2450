/** Seedable, splittable randomness computed in Java, so that every backend sees the same draws. */
package org.gfncp.core.random;
