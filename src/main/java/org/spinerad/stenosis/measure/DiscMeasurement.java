package org.spinerad.stenosis.measure;

/**
 * Measurements in the oblique plane of one disc level (mm, mm², degrees; NaN where a structure is missing).
 *
 * @param ctCanalArea  area of the canal space (canal, dural sac and epidural fat labels) at the disc level: on CT the
 *                     dural sac is not cleanly separable from the epidural fat, so this is the CT canal area
 * @param duralSacArea area of the dural-sac label when the label map has one (phantoms, annotations), else NaN
 * @param apDiameter   mid-sagittal antero-posterior diameter of the canal space
 * @param interfacet   distance between the medial margins of the left and right superior articular processes
 * @param recessDepth  lateral recess depth {left, right}: SAP tip to the posterior border of the disc / body
 * @param recessAngle  lateral recess angle {left, right}: between the SAP's anterior face and the posterior disc border
 * @param discHeight   distance between the endplates along the plane normal through the disc centre
 * @param listhesis    antero-posterior offset of the upper body's posterior wall relative to the lower one's
 *                     (positive: upper vertebra displaced anteriorly)
 * @param tips         plane coordinates {u, v} of the SAP tips {left, right} and recess border points, for overlays
 */
public record DiscMeasurement(String level, double ctCanalArea, double duralSacArea, double apDiameter, double interfacet,
                              double[] recessDepth, double[] recessAngle, double discHeight, double listhesis,
                              double[][] tips) {}
