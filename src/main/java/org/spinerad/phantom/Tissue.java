package org.spinerad.phantom;

/** Tissue classes of the phantom; each maps to a CT HU value and T1/T2 signal (see {@link SpinePhantom}). */
public enum Tissue {
    AIR, FAT, SOFT_TISSUE, MUSCLE, CSF, DISC, CORTICAL_BONE, TRABECULAR_BONE, ARCH_BONE;

    private static final Tissue[] VALUES = values();

    public static Tissue of(int ordinal) { return VALUES[ordinal]; }
}
