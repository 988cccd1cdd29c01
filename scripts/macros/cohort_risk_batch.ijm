// SpineRad example: the batch pipeline from Fiji — radiomics for a cohort manifest, a risk model, Predict Risk.
// The folder holds manifest.csv (patient_id, CT, CT_mask) and clinical.csv (patient_id, outcome, clinical variables),
// e.g. made by `bin/spinerad cohort --out DIR --n 100`.
// Headless: ImageJ-linux64 --headless -macro cohort_risk_batch.ijm /data/cohort/
dir = getArgument();
if (dir == "") dir = getDirectory("Cohort folder with manifest.csv and clinical.csv");
if (!endsWith(dir, "/")) dir = dir + "/";
run("Radiomics Batch", "manifest=[" + dir + "manifest.csv] output=[" + dir + "radiomics.csv] parameters=[] structures=[vertebra=1,2,3,4,5 muscle=21,22,25,26] labels=[]");
run("Train Risk Model", "clinical=[" + dir + "clinical.csv] features=[Rad=" + dir + "radiomics.csv] id=patient_id outcome=outcome clinical_variables=age,sex,BMI learners=LR,GNB,RF folds=5 seed=1 output=[" + dir + "risk]");
run("Predict Risk", "model=[" + dir + "risk/model.json] features=[" + dir + "radiomics.csv] clinical=[" + dir + "clinical.csv] id=patient_id output=[" + dir + "predictions.csv]");
print("report: " + dir + "risk/report.html");
