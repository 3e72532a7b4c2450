/** A fixture backend that breaks the isolation and provider rules. */
package org.gfncp.backend.alpha;
