/**
 * GFNCP, the GFlowNet clustering process (spec section 2): the point-wise energy trained with flow matching,
 * a contrastive term against a policy sample and a terminal-energy regularizer, in the released code's form by
 * default and the paper's form behind {@link org.gfncp.core.algo.gfncp.GfncpConfig.Objective}.
 */
package org.gfncp.core.algo.gfncp;
