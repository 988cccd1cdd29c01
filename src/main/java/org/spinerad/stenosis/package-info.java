/**
 * CT lumbar spinal stenosis: levels and oblique planes perpendicular to the canal centreline ({@code geometry}),
 * per-level canal and lateral-recess measurements and threshold grades ({@code measure}), phantoms with planted
 * stenosis and cohorts ({@code phantom}), trainable graders and their evaluation ({@code learn}). Works on label maps
 * with {@link org.spinerad.image.SpineLabels} values; never imports ImageJ.
 */
package org.spinerad.stenosis;
