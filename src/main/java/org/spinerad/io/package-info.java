/**
 * Image file input/output: NIfTI-1/2 ({@link org.spinerad.io.NiftiReader}, {@link org.spinerad.io.NiftiWriter},
 * {@link org.spinerad.io.NiftiHeader}), NRRD ({@link org.spinerad.io.NrrdReader}, {@link org.spinerad.io.NrrdWriter})
 * and the extension-dispatching facade {@link org.spinerad.io.VolumeIO} (volumes, label maps with a
 * {@code <basename>.labels.json} name sidecar, grid checks).
 *
 * <p>Decisions: geometry follows nibabel's {@code img.affine} (sform, else qform, else the pixdim fallback; the
 * affine is not rescaled by xyzt_units, as in nibabel). Voxel types without a SpineRad equivalent convert: int8 to
 * INT16; uint32/int64/uint64 to INT32 when every value fits, else FLOAT64 (beyond 2^53 is an error). Scaled data
 * ({@code scl_slope} neither 0 nor non-finite, and not the identity) become FLOAT32 for sources up to 16 bits or
 * float32, else FLOAT64. 4D/5D files are an error unless a volume is chosen (noted in {@code nifti.note}); colour (RGB24,
 * RGBA32), complex and float128 data are rejected with an error naming the file and datatype. Every size is checked
 * against the file (gzip: against deflate's best ratio) and the free heap before allocation, and gzip CRCs are
 * verified (only as far as the header's data reaches: trailing gzip members are not decompressed), so bad files
 * fail with a {@link org.spinerad.util.SpineRadException} naming file and problem. DICOM files are memory-mapped and
 * walked without recursion; deflated data sets, compressed frames (checked against Rows/Columns) and detached NRRD data
 * files (confined to the header's folder) are bounded before anything is allocated. See docs/hostile-input.md.
 */
package org.spinerad.io;
