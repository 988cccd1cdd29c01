/**
 * Radiomics risk prediction, without ImageJ. This package holds the data every stage shares: feature tables
 * ({@link org.spinerad.predict.FeatureTable}), clinical encoding, the train/validation/test split
 * ({@link org.spinerad.predict.CohortSplit}), CV folds, row subsets and model-file JSON helpers. Sub-packages, in the
 * one-way order of the data: {@code learners} and {@code selection} (independent of each other) → {@code analysis}
 * → {@code evaluation} → {@code workflow} → {@code report}.
 */
package org.spinerad.predict;
