"""SVM reference numbers from scikit-learn (Debian python3-sklearn 1.2.1, libsvm inside) for SpineRad's SvmModel tests.
Run once: /usr/bin/python3 scripts/ref/svm_reference.py src/test/resources/predict
Writes svm_data.csv: scikit-learn's bundled Wisconsin breast-cancer data (569 patients, outcome 1 = malignant),
standardised with the training rows' mean/sd, a fixed stratified train/test split (train = 1) and 10 stratified
CV folds on the training rows; and svm_sklearn.json: for each setting, SVC(probability=True) test-set decision values,
probabilities, AUC, Brier and support-vector count, and 10-fold out-of-fold probabilities on the training rows."""
import json, sys
import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer
from sklearn.metrics import roc_auc_score, brier_score_loss
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.svm import SVC

out = sys.argv[1]
d = load_breast_cancer()
X, y = d.data, 1 - d.target                     # sklearn's target 0 = malignant; outcome 1 = malignant
idx = np.arange(len(y))
tr, te = (np.sort(a) for a in train_test_split(idx, test_size=0.3, stratify=y, random_state=7))
mu, sd = X[tr].mean(axis=0), X[tr].std(axis=0)
Z = np.round((X - mu) / sd, 8)
train = np.zeros(len(y), int); train[tr] = 1
fold = np.full(len(y), -1)
for k, (_, f) in enumerate(StratifiedKFold(10, shuffle=True, random_state=3).split(Z[tr], y[tr])):
    fold[tr[f]] = k
names = [n.replace(" ", "_") for n in d.feature_names]
np.savetxt(f"{out}/svm_data.csv", np.column_stack([idx, y, train, fold, Z]), delimiter=",",
           header=",".join(["patient_id", "outcome", "train", "fold"] + names), comments="",
           fmt=["%d", "%d", "%d", "%d"] + ["%.8f"] * Z.shape[1])
weak = [names.index(n) for n in ("mean_texture", "mean_smoothness", "mean_symmetry")]
settings = [
    dict(name="linear_all", kernel="linear", C=1.0, gamma=0.0, degree=3, coef0=0.0, features=list(range(Z.shape[1]))),
    dict(name="rbf_all", kernel="rbf", C=1.0, gamma=0.01, degree=3, coef0=0.0, features=list(range(Z.shape[1]))),
    dict(name="sigmoid_all", kernel="sigmoid", C=1.0, gamma=0.01, degree=3, coef0=0.0, features=list(range(Z.shape[1]))),
    dict(name="rbf_weak", kernel="rbf", C=1.0, gamma=0.1, degree=3, coef0=0.0, features=weak),
    dict(name="sigmoid_weak", kernel="sigmoid", C=1.0, gamma=0.1, degree=3, coef0=0.0, features=weak),
    dict(name="sigmoid_weak_c10", kernel="sigmoid", C=10.0, gamma=0.1, degree=3, coef0=0.0, features=weak),
    dict(name="poly_weak", kernel="poly", C=1.0, gamma=0.1, degree=2, coef0=1.0, features=weak),
]
res = {"sklearn": sklearn.__version__, "settings": []}
for s in settings:
    cols = s["features"]
    def svc():
        return SVC(kernel=s["kernel"], C=s["C"], gamma=s["gamma"] if s["kernel"] != "linear" else "scale",
                   degree=s["degree"], coef0=s["coef0"], probability=True, random_state=0, tol=1e-3)
    m = svc().fit(Z[tr][:, cols], y[tr])
    p = m.predict_proba(Z[te][:, cols])[:, 1]
    oof = np.zeros(len(y))
    fold_means = []
    for k in range(10):
        fit_rows, held = tr[fold[tr] != k], tr[fold[tr] == k]
        mk = svc().fit(Z[fit_rows][:, cols], y[fit_rows])
        oof[held] = mk.predict_proba(Z[held][:, cols])[:, 1]
        fold_means.append(float(oof[held].mean()))
    r = dict(s)
    r.update(test_decision=m.decision_function(Z[te][:, cols]).tolist(), test_probability=p.tolist(),
             test_auc=roc_auc_score(y[te], p), test_brier=brier_score_loss(y[te], p), support_vectors=int(m.n_support_.sum()),
             cv_oof_auc=roc_auc_score(y[tr], oof[tr]), cv_oof_brier=brier_score_loss(y[tr], oof[tr]), cv_fold_mean_probability=fold_means)
    res["settings"].append(r)
    print(s["name"], round(r["test_auc"], 4), round(r["test_brier"], 4), r["support_vectors"], round(r["cv_oof_auc"], 4),
          round(min(fold_means), 3), round(max(fold_means), 3))
json.dump(res, open(f"{out}/svm_sklearn.json", "w"), indent=1)
