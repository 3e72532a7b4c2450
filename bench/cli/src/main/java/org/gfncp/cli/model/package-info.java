/**
 * How the command-line tool reaches models and backends: the {@link org.gfncp.cli.model.ModelFactory} registry by
 * algorithm name ({@link org.gfncp.cli.model.Algorithms}), the trainable-model contract the training loop drives,
 * and backend selection by name ({@link org.gfncp.cli.model.BackendChoice}).
 */
package org.gfncp.cli.model;
