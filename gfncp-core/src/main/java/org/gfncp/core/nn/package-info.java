/**
 * Layers built on {@link org.gfncp.core.diff.Diff}: linear and convolutional layers, MLP encoders, layer
 * normalization and the Set Transformer attention blocks (MAB, SAB, ISAB, PMA) with key masking. Initial weights
 * come from {@link org.gfncp.core.random.RandomStream} on the host, so they are identical on every backend.
 * Parameter names follow PyTorch ({@code fc_q.weight}, {@code 0.bias}) so checkpoints map one to one.
 */
package org.gfncp.core.nn;
