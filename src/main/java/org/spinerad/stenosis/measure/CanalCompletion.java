package org.spinerad.stenosis.measure;

import org.spinerad.image.LabelMap;
import org.spinerad.image.SpineLabels;
import org.spinerad.image.Volume;
import org.spinerad.stenosis.ReferenceLabels;
import org.spinerad.stenosis.geometry.LevelPlane;
import org.spinerad.stenosis.geometry.Localizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Completes a canal label that is open or missing at the disc levels (a segmentation's canal at disc level is not
 * enclosed by bone: disc in front, flavum and facet joints behind, so a network often leaves it out). The envelope is
 * rebuilt from the bodies, discs and posterior elements with the reference-mask rule
 * ({@link ReferenceLabels#deriveCanal}: the unlabelled voxels behind the bodies' posterior wall enclosed in the plane
 * perpendicular to the spine by spine labels) and joined to the labelled canal; the CT refinement of the disc-level
 * area ({@link StenosisMeasurer#ctCanalContents}) then removes what is disc, flavum or bone by density.
 */
public final class CanalCompletion {
    private CanalCompletion() {}

    /** The disc levels whose plane has no canal across the mid-sagittal line, or that the canal does not reach. */
    public static List<String> openLevels(LabelMap labels, Localizer.Localization loc) {
        StenosisMeasurer m = new StenosisMeasurer(labels);
        List<String> open = new ArrayList<>();
        for (LevelPlane p : loc.planes())
            if (p.kind() == LevelPlane.Kind.DISC && Double.isNaN(m.apDiameter(p, StenosisMeasurer.CANAL_SPACE)[2])) open.add(p.level());
        for (var e : loc.skipped().entrySet())
            if (e.getKey().contains("-") && e.getValue().contains("canal does not reach")) open.add(e.getKey());
        return open;
    }

    /**
     * The label map with its canal completed (a copy; the labelled canal-space voxels are kept, the derived canal is
     * added where the voxels are unlabelled), or the map itself when every disc level in view has its canal.
     */
    public static LabelMap complete(LabelMap labels, Volume ct, Localizer.Localization loc) {
        if (openLevels(labels, loc).isEmpty()) return labels;
        Volume derived = labels.volume().copy();
        for (int i = 0; i < derived.size(); i++) if (isCanal(derived.getInt(i))) derived.set(i, 0); // derived as one component
        ReferenceLabels.deriveCanal(derived, ct);
        Volume out = labels.volume().copy();
        for (int i = 0; i < out.size(); i++) if (out.getInt(i) == 0 && derived.getInt(i) == SpineLabels.CANAL) out.set(i, SpineLabels.CANAL);
        LabelMap completed = new LabelMap(out, labels.names());
        if (!completed.names().containsKey(SpineLabels.CANAL)) completed.setName(SpineLabels.CANAL, SpineLabels.NAMES.get(SpineLabels.CANAL));
        return completed;
    }

    private static boolean isCanal(int l) {
        for (int c : Localizer.CANAL_LABELS) if (l == c) return true;
        return false;
    }
}
