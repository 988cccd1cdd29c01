/** Fits the signatures and the combined model of a cohort ({@link org.spinerad.predict.analysis.RiskAnalysis}) into saved risk models, and validates model files. */
package org.spinerad.predict.analysis;
