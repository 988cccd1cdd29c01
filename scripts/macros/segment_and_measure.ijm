// SpineRad example: open a CT, segment it with the shipped 3D U-Net, and measure radiomics of the bodies L1-L5 (labels 1-5).
// Fiji: Plugins > Macros > Run... ; headless: ImageJ-linux64 --headless -macro segment_and_measure.ijm /data/ct.nii.gz
ct = getArgument();
if (ct == "") ct = File.openDialog("CT volume (NIfTI, NRRD)");
run("Open NIfTI...", "open=[" + ct + "]");
title = getTitle();
run("Segment Vertebrae (3D U-Net)", "model=[] overlap=0.5");
labels = title + "-labels"; // the segmentation opens as the CT's label overlay (companion stack)
out = File.getDirectory(ct) + "radiomics_unet.csv";
run("Radiomics Features", "image=[" + title + "] mask=[" + labels + "] labels=[1,2,3,4,5] parameters=[] bin_width=25 log_sigmas=[] image_types=Original families=firstorder,shape output=[" + out + "]");
print("radiomics of " + labels + " written to " + out);
