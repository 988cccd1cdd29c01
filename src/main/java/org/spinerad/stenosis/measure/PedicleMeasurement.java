package org.spinerad.stenosis.measure;

/** Bony canal cross-sectional area (mm², all canal labels) and mid-sagittal AP diameter (mm) at a vertebra's pedicle level. */
public record PedicleMeasurement(String level, double canalArea, double apDiameter) {}
