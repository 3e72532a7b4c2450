/**
 * GFNCP, the GFlowNet clustering process (spec section 2): the point-wise energy trained with flow matching,
 * a contrastive term against a policy sample and a terminal-energy regularizer, in the released code's form by
 * default; the paper's form, and two forms whose flows telescope so that a clustering's probability does not
 * depend on the order of the points, behind {@link org.gfncp.core.algo.gfncp.GfncpConfig.Objective}.
 */
package org.gfncp.core.algo.gfncp;
