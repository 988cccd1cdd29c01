/** The HTML risk report rendered from the files of a run folder alone (no model objects). */
package org.spinerad.predict.report;
