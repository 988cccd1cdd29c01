"""Recalibration reference numbers from scikit-learn (Debian python3-sklearn 1.2.1) for SpineRad's Recalibrated tests.
Run once: /usr/bin/python3 scripts/ref/calibration_reference.py src/test/resources/predict
Writes calibration_sklearn.json: overconfident scores p (with ties) and outcomes y, and at query points the isotonic map
(IsotonicRegression(out_of_bounds="clip")) and the Platt map (unpenalised logistic regression of y on logit(p))."""
import json, sys
import numpy as np
import sklearn
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression

out = sys.argv[1]
rng = np.random.default_rng(20261204)
n = 200
eta = rng.normal(size=n)
y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(int)
p = np.round(1 / (1 + np.exp(-3 * eta)), 3)          # overconfident, rounded: ties
q = np.concatenate([[0.0, 1e-4, 0.5, 0.9999, 1.0], np.linspace(0.001, 0.999, 25), p[:10]])
iso = IsotonicRegression(out_of_bounds="clip").fit(p, y)
lp = np.log(np.clip(p, 1e-12, 1 - 1e-12) / (1 - np.clip(p, 1e-12, 1 - 1e-12)))
lr = LogisticRegression(penalty=None, tol=1e-12, max_iter=10000).fit(lp[:, None], y)
lq = np.log(np.clip(q, 1e-12, 1 - 1e-12) / (1 - np.clip(q, 1e-12, 1 - 1e-12)))
res = {"sklearn": sklearn.__version__, "p": p.tolist(), "y": y.tolist(), "query": q.tolist(),
       "isotonic": iso.predict(q).tolist(), "platt_a": float(lr.intercept_[0]), "platt_b": float(lr.coef_[0, 0]),
       "platt": lr.predict_proba(lq[:, None])[:, 1].tolist()}
json.dump(res, open(f"{out}/calibration_sklearn.json", "w"), indent=1)
print("ok", res["platt_a"], res["platt_b"])
