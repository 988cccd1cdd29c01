package org.spinerad.cli;

import org.spinerad.io.VolumeIO;
import org.spinerad.phantom.PhantomParams;
import org.spinerad.phantom.SpinePhantom;
import org.spinerad.phantom.SpinePhantom.MriSequence;
import org.spinerad.phantom.SpinePhantom.MriView;
import org.spinerad.phantom.SpinePhantom.PhantomImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code spinerad phantom}: one synthetic lumbar-spine phantom (CT, optionally T1/T2 MR) with label maps. */
@Command(name = "phantom", mixinStandardHelpOptions = true,
        description = "Write a synthetic lumbar-spine phantom: phantom_ct.nii.gz + phantom_seg.nii.gz "
                + "(with --mri also axial phantom_t1/t2.nii.gz + phantom_mr_seg.nii.gz and sagittal "
                + "phantom_t2_sag.nii.gz + phantom_sag_seg.nii.gz). See docs/phantom.md.")
public final class PhantomCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bmd", defaultValue = "150", description = "Trabecular bone mean HU (default ${DEFAULT-VALUE}).")
    double bmd;

    @Option(names = "--fat", defaultValue = "0.1", description = "Muscle fat fraction 0..1 (default ${DEFAULT-VALUE}).")
    double fat;

    @Option(names = "--noise", defaultValue = "15", description = "CT noise SD in HU (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--disc-height", defaultValue = "9", description = "Disc height in mm (default ${DEFAULT-VALUE}).")
    double discHeight;

    @Option(names = "--mri", description = "Also write T1- and T2-like MR images.")
    boolean mri;

    @Override
    public Integer call() {
        PhantomParams p = PhantomParams.builder().seed(seed).bmdHu(bmd).muscleFatFraction(fat).noiseSd(noise)
                .discHeightMm(discHeight).build();
        SpinePhantom ph = new SpinePhantom(p);
        PhantomImage ct = ph.ct();
        VolumeIO.write(ct.image(), out.resolve("phantom_ct.nii.gz"));
        VolumeIO.writeLabelMap(ct.labels(), out.resolve("phantom_seg.nii.gz"));
        if (mri) {
            PhantomImage t1 = ph.mri(MriSequence.T1, MriView.AXIAL);
            VolumeIO.write(t1.image(), out.resolve("phantom_t1.nii.gz"));
            VolumeIO.write(ph.mri(MriSequence.T2, MriView.AXIAL).image(), out.resolve("phantom_t2.nii.gz"));
            VolumeIO.writeLabelMap(t1.labels(), out.resolve("phantom_mr_seg.nii.gz"));
            PhantomImage sag = ph.mri(MriSequence.T2, MriView.SAGITTAL);
            VolumeIO.write(sag.image(), out.resolve("phantom_t2_sag.nii.gz"));
            VolumeIO.writeLabelMap(sag.labels(), out.resolve("phantom_sag_seg.nii.gz"));
        }
        System.out.println("Wrote phantom (seed " + seed + ") to " + out);
        return 0;
    }
}
