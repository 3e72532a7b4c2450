/** A fixture posing as API code that leaks a dependency on core. */
package org.gfncp.api.archfixture;
