/**
 * Sequential clustering as a generative flow network: partial clusterings as states
 * ({@link org.gfncp.api.gfn.PartitionState}), the forward policy over the next point's cluster
 * ({@link org.gfncp.api.gfn.ForwardPolicy}), the completed action sequences ({@link org.gfncp.api.gfn.Trajectory})
 * and the training objective ({@link org.gfncp.api.gfn.GFlowNetLoss}).
 */
package org.gfncp.api.gfn;
