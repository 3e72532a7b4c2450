/** Tests of the TensorFlow backend: the shared conformance kit, kernel checks and native-memory bounds. */
package org.gfncp.backend.tf;
