/**
 * The TensorFlow backend: TF Java 1.1.0 eager execution on the CPU, driven through the TF C API it exports so that
 * every tensor's native memory is freed the moment the tensor is closed. Providers are cheap; native code loads
 * only in {@link org.gfncp.backend.tf.TfBackendProvider#create}.
 */
package org.gfncp.backend.tf;
