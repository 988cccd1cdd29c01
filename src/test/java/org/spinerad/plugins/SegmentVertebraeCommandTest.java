package org.spinerad.plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spinerad.image.Volume;
import org.spinerad.io.VolumeIO;
import org.spinerad.phantom.PhantomParams;
import org.spinerad.phantom.SpinePhantom;
import org.spinerad.testutil.HeadlessMacro;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** "Segment Vertebrae (3D U-Net)" by name from a headless macro, as registered in plugins.config. */
class SegmentVertebraeCommandTest {

    @Test
    void segmentsTheOpenStackWithTheShippedModel(@TempDir Path tmp) {
        Volume ct = new SpinePhantom(PhantomParams.builder().seed(3).grid(48, 40, 48).spacing(4, 4, 4).build()).ct().image();
        Path in = tmp.resolve("ct.nii.gz");
        VolumeIO.write(ct, in);
        HeadlessMacro.Result r = HeadlessMacro.run("""
                run("Open NIfTI...", "open=[%s]");
                run("Segment Vertebrae (3D U-Net)", "model=[%s] overlap=0.5");
                title = getTitle();
                selectImage("ct.nii.gz-labels"); // the segmentation is the CT's label overlay
                run("Volume Info");
                return title;
                """.formatted(in, Path.of("models/unet-spine-phantom").toAbsolutePath()));
        assertEquals("ct.nii.gz", r.returnValue());
        assertEquals("48 x 40 x 48", r.property("dims"));
        assertTrue(r.property("labels").contains("3=L3"), r.property("labels"));
    }
}
