/**
 * Deep features with a 3D vision transformer, in Java on DJL + libtorch: {@link org.spinerad.deep.VitConfig} (presets),
 * {@link org.spinerad.deep.Vit3d} (the trainable DJL block), {@link org.spinerad.deep.VitPreprocessing} (ROI crop,
 * trilinear resize, z-score), {@link org.spinerad.deep.VitModel} (inference, weights save/load with
 * {@link org.spinerad.deep.VitWeights}' JSON manifest), {@link org.spinerad.deep.VitTrainer} and
 * {@link org.spinerad.deep.DeepTraining} (fine-tuning), {@link org.spinerad.deep.DeepFeatureExport} (features CSV),
 * {@link org.spinerad.deep.VitBench}. See docs/deep-features.md.
 */
package org.spinerad.deep;
