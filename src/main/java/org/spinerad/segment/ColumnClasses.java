package org.spinerad.segment;

/**
 * The generic classes the column model predicts (label values 1..5 of its manifest). Instances and level names are
 * derived afterwards from anatomy ({@link ColumnLabeller}), so the network never has to guess a level from position.
 */
public final class ColumnClasses {
    private ColumnClasses() {}

    public static final int BODY = 1, POSTERIOR = 2, DISC = 3, SACRUM = 4, OTHER_BONE = 5;
    public static final int[] VALUES = {BODY, POSTERIOR, DISC, SACRUM, OTHER_BONE};
    public static final String[] NAMES = {"vertebral_body", "posterior_elements", "disc", "sacrum", "other_bone"};

    /** True when a model manifest uses these classes (its first label is the generic vertebral body). */
    public static boolean usedBy(ModelManifest m) {
        return !m.labels().isEmpty() && NAMES[0].equals(m.labels().get(0).name());
    }
}
