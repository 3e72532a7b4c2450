/** Rule-breaking fixtures posing as core classes; imported only by RulesBiteTest, never as production code. */
package org.gfncp.core.archfixture;
