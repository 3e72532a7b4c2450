/** A fixture posing as baseline code that uses Guice directly. */
package org.gfncp.baselines.archfixture;
