/**
 * The ND4J (DeepLearning4J 1.0.0-M2.1, nd4j-native) backend. Every {@link org.gfncp.spi.backend.TensorOps} kernel
 * runs as one or a few libnd4j ops writing into freshly allocated, C-ordered arrays; a kernel the engine lacks or
 * gets wrong at the edges (broadcasting in {@code where}, NaN in {@code max}, empty axes) is composed or corrected
 * here. Native memory is freed by {@link org.gfncp.api.tensor.Tensor#close()} and scopes, never by ND4J workspaces.
 */
package org.gfncp.backend.dl4j;
