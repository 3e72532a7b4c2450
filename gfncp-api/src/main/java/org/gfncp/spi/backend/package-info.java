/** The backend SPI: a cheap ServiceLoader provider, a lazily loaded backend, its closed set of forward kernels, and the shared scope tracker. */
package org.gfncp.spi.backend;
