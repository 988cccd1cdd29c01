package org.spinerad.annotate;

import org.spinerad.image.DataType;
import org.spinerad.image.Geometry;
import org.spinerad.image.LabelMap;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.util.SpineRadException;

import java.nio.file.Path;

/**
 * Saves and loads annotation label maps on their image's voxel grid: NIfTI/NRRD voxels with the image's geometry
 * (so the file's affine equals the image's) plus the label-name sidecar {@code <basename>.labels.json}
 * ({@link VolumeIO#writeLabelMap}).
 */
public final class AnnotationFiles {
    /** Grid tolerance in mm (spacing, origin) and direction cosines: NIfTI stores the affine as 32-bit floats. */
    public static final double GRID_TOLERANCE = 1e-3;

    private AnnotationFiles() {}

    /** Writes the label map after checking it is on the image's grid (image named in errors). */
    public static void save(LabelMap labels, Path labelFile, Geometry image, String imageName) {
        requireAligned(labels.geometry(), image, labelFile.toString(), imageName);
        VolumeIO.writeLabelMap(labels, labelFile);
    }

    /**
     * Reads a label map for an image: fails with a message naming both when the grids differ, otherwise returns the
     * labels on the image's exact geometry as editable unsigned voxels (UINT8 when the labels fit, else UINT16).
     */
    public static LabelMap load(Path labelFile, Geometry image, String imageName) {
        LabelMap read = VolumeIO.readLabelMap(labelFile);
        requireAligned(read.geometry(), image, labelFile.toString(), imageName);
        Volume v = editable(read, labelFile.toString()).volume();
        Volume onImageGrid = Volume.wrap(image, v.type(), v.array());
        onImageGrid.metadata().putAll(v.metadata());
        return new LabelMap(onImageGrid, read.names());
    }

    /** The label map itself when it is UINT8 (or UINT16 with labels above 255), else a converted copy; negative labels are an error. */
    public static LabelMap editable(LabelMap labels, String name) {
        double[] range = labels.volume().range();
        if (range[0] < 0 || range[1] > DataType.UINT16.maxValue())
            throw new SpineRadException(name + ": label values " + (long) range[0] + ".." + (long) range[1]
                    + " are outside 0..65535, which annotation label maps hold");
        DataType type = range[1] <= DataType.UINT8.maxValue() && labels.volume().type() != DataType.UINT16 ? DataType.UINT8 : DataType.UINT16;
        return labels.volume().type() == type ? labels : new LabelMap(labels.volume().convert(type), labels.names());
    }

    /** Fails with a message naming the label map and the image when their voxel grids differ. */
    public static void requireAligned(Geometry labels, Geometry image, String labelName, String imageName) {
        String why = image.mismatch(labels, GRID_TOLERANCE);
        if (why != null)
            throw new SpineRadException("Label map " + labelName + " is not on the voxel grid of image " + imageName + ": " + why);
    }
}
