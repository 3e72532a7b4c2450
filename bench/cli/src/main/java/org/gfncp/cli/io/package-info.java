/**
 * Files the tool reads and writes: point sets from CSV or NPY ({@link org.gfncp.cli.io.PointReader}), clustering
 * results as CSV or JSON ({@link org.gfncp.cli.io.ResultWriter}), the training log
 * ({@link org.gfncp.cli.io.TrainingLog}) and a model's evaluation record ({@link org.gfncp.cli.io.MetricsRecord}).
 */
package org.gfncp.cli.io;
