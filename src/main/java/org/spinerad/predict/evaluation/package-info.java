/** Performance of an analysis (Table 2, DeLong comparisons, rater comparison), its small-sample caveats, and nested CV of the whole pipeline. */
package org.spinerad.predict.evaluation;
