/**
 * Files the tool reads and writes: point sets from CSV or NPY ({@link org.gfncp.cli.io.PointReader}), clustering
 * results as CSV or JSON ({@link org.gfncp.cli.io.ResultWriter}) and the training log
 * ({@link org.gfncp.cli.io.TrainingLog}).
 */
package org.gfncp.cli.io;
