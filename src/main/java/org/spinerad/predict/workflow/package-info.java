/** {@code predict train} and {@code predict apply} end to end: reads the input files, runs analysis and evaluation, writes the run folder. */
package org.spinerad.predict.workflow;
