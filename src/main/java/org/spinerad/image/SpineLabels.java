package org.spinerad.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** SpineRad's standard label values for lumbar-spine structures, used by the phantom, annotation and segmentation tools. */
public final class SpineLabels {
    private SpineLabels() {}

    public static final int L1 = 1, L2 = 2, L3 = 3, L4 = 4, L5 = 5, S1 = 6, T12 = 7;
    public static final int DISC_T12_L1 = 10, DISC_L1_L2 = 11, DISC_L2_L3 = 12, DISC_L3_L4 = 13, DISC_L4_L5 = 14, DISC_L5_S1 = 15;
    public static final int PSOAS_L = 21, PSOAS_R = 22, QUADRATUS_L = 23, QUADRATUS_R = 24, PARASPINAL_L = 25, PARASPINAL_R = 26;
    public static final int CANAL = 30;
    /** Canal contents drawn by the stenosis phantoms and available to annotators. */
    public static final int DURAL_SAC = 31, EPIDURAL_FAT = 32, LIGAMENTUM_FLAVUM = 33;
    /** Thoracic and transitional levels beside the lumbar ones. */
    public static final int T11 = 8, L6 = 9;
    /** Posterior elements (pedicles, laminae, articular and spinous processes) of a vertebra: {@code 40 + body label}. */
    public static final int POSTERIOR_OFFSET = 40;
    public static final int L1_POSTERIOR = 41, L2_POSTERIOR = 42, L3_POSTERIOR = 43, L4_POSTERIOR = 44, L5_POSTERIOR = 45,
            S1_POSTERIOR = 46, T12_POSTERIOR = 47, T11_POSTERIOR = 48, L6_POSTERIOR = 49;
    /** Reject classes: bone that is not a labelled vertebra (ribs, femur, other vertebrae) and the pelvis (ilium, ischium, pubis). */
    public static final int OTHER_BONE = 90, PELVIS = 91;

    /** Lumbar vertebral body labels from top (L1) to bottom (L5). */
    public static final int[] LUMBAR = {L1, L2, L3, L4, L5};
    /** Lumbar discs from top (L1-L2) to bottom (L5-S1). */
    public static final int[] LUMBAR_DISCS = {DISC_L1_L2, DISC_L2_L3, DISC_L3_L4, DISC_L4_L5, DISC_L5_S1};

    public static final Map<Integer, String> NAMES;

    /** The posterior-element label of a vertebral body label (L3 → L3_posterior). */
    public static int posteriorOf(int body) { return POSTERIOR_OFFSET + body; }

    static {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(L1, "L1"); m.put(L2, "L2"); m.put(L3, "L3"); m.put(L4, "L4"); m.put(L5, "L5");
        m.put(S1, "S1"); m.put(T12, "T12");
        m.put(DISC_T12_L1, "T12-L1"); m.put(DISC_L1_L2, "L1-L2"); m.put(DISC_L2_L3, "L2-L3");
        m.put(DISC_L3_L4, "L3-L4"); m.put(DISC_L4_L5, "L4-L5"); m.put(DISC_L5_S1, "L5-S1");
        m.put(PSOAS_L, "psoas_L"); m.put(PSOAS_R, "psoas_R");
        m.put(QUADRATUS_L, "quadratus_L"); m.put(QUADRATUS_R, "quadratus_R");
        m.put(PARASPINAL_L, "paraspinal_L"); m.put(PARASPINAL_R, "paraspinal_R");
        m.put(CANAL, "canal");
        m.put(DURAL_SAC, "dural_sac"); m.put(EPIDURAL_FAT, "epidural_fat"); m.put(LIGAMENTUM_FLAVUM, "ligamentum_flavum");
        m.put(T11, "T11"); m.put(L6, "L6");
        for (int body : new int[] {L1, L2, L3, L4, L5, S1, T12, T11, L6}) m.put(POSTERIOR_OFFSET + body, m.get(body) + "_posterior");
        m.put(OTHER_BONE, "other_bone"); m.put(PELVIS, "pelvis");
        NAMES = Collections.unmodifiableMap(m);
    }
}
