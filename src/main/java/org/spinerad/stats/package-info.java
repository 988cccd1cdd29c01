/**
 * Evaluation statistics for radiomics risk models, without ImageJ: ROC/AUC with DeLong and bootstrap inference
 * ({@link org.spinerad.stats.Roc}), metrics at a threshold ({@link org.spinerad.stats.ClassificationMetrics}),
 * calibration ({@link org.spinerad.stats.Calibration}), decision curves ({@link org.spinerad.stats.DecisionCurve}),
 * logistic regression ({@link org.spinerad.stats.LogisticRegression}), group comparisons
 * ({@link org.spinerad.stats.GroupTests}, {@link org.spinerad.stats.BaselineTable}), inter-rater agreement
 * ({@link org.spinerad.stats.Agreement}, {@link org.spinerad.stats.IccFilter}) and headless plots
 * ({@link org.spinerad.stats.Plots}). Conventions follow R (pROC, stats, car, psych, vcd); reference values are
 * produced by scripts/ref/stats_reference.R.
 */
package org.spinerad.stats;
