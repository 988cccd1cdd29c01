/** The classifiers (14 learners, their hyper-parameter grid search, Platt/isotonic recalibration) and their model JSON. */
package org.spinerad.predict.learners;
