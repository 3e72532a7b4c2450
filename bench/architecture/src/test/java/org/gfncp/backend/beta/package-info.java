/** A fixture backend whose provider follows every rule, plus one class that leaks an engine type. */
package org.gfncp.backend.beta;
