/**
 * Durable files: the checksummed, versioned checkpoint format ({@link org.gfncp.core.io.Checkpoints}, documented in
 * {@code docs/checkpoint-format.md}) and atomic replacement of files ({@link org.gfncp.core.io.AtomicFiles}), so that
 * a crash or error mid-write never leaves a half-written checkpoint or log in place of a good one.
 */
package org.gfncp.core.io;
