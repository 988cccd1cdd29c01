/**
 * Manual annotation of label maps (no ImageJ dependency): {@link org.spinerad.annotate.LabelEditor} paints filled
 * polygons, brush strokes and masks on one slice with undo/redo, interpolates labels between annotated slices
 * ({@link org.spinerad.annotate.ShapeInterpolation}), reports per-label volumes
 * ({@link org.spinerad.annotate.LabelStatistics}) and saves/loads label maps aligned to their image
 * ({@link org.spinerad.annotate.AnnotationFiles}).
 *
 * <p>Slice coordinates follow ImageJ's ROIs: pixel (i, j) of a slice is the unit square [i, i+1) x [j, j+1) and is
 * sampled at its centre (i + 1/2, j + 1/2); x runs along the first voxel axis, y along the second, z is the slice.
 */
package org.spinerad.annotate;
