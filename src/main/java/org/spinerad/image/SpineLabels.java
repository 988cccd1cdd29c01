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

    /** Lumbar vertebral body labels from top (L1) to bottom (L5). */
    public static final int[] LUMBAR = {L1, L2, L3, L4, L5};
    /** Lumbar discs from top (L1-L2) to bottom (L5-S1). */
    public static final int[] LUMBAR_DISCS = {DISC_L1_L2, DISC_L2_L3, DISC_L3_L4, DISC_L4_L5, DISC_L5_S1};

    public static final Map<Integer, String> NAMES;

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
        NAMES = Collections.unmodifiableMap(m);
    }
}
