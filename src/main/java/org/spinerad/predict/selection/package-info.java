/** Preprocessing and feature selection steps (imputation, scaling, F-test, correlation filter, LASSO, PCA), fitted on training rows only. */
package org.spinerad.predict.selection;
