"""Produces selection-pipeline reference numbers (LASSO, RobustScaler, f_classif, PCA) with scikit-learn (Debian python3-sklearn) for SpineRad's tests.
Run once: /usr/bin/python3 scripts/ref/predict_reference.py src/test/resources/predict
Writes lasso_data.csv (fixed data) and lasso_sklearn.json (LassoCV and L1-logistic results)."""
import json, sys
import numpy as np
import sklearn
from sklearn.linear_model import LassoCV, LogisticRegression
from sklearn.model_selection import KFold

out = sys.argv[1]
rng = np.random.default_rng(20261125)
n, p = 120, 15
X = rng.normal(size=(n, p))
X[:, 5] = X[:, 4] * 0.8 + rng.normal(scale=0.6, size=n)      # correlated pair
lin = 1.5 * X[:, 0] - 2.0 * X[:, 3] + 0.8 * X[:, 7]
y_lin = lin + rng.normal(scale=1.0, size=n)
y_bin = (rng.random(n) < 1 / (1 + np.exp(-(0.3 + lin)))).astype(int)
np.savetxt(f"{out}/lasso_data.csv", np.column_stack([X, y_lin, y_bin]), delimiter=",",
           header=",".join([f"f{j}" for j in range(p)] + ["y_lin", "y_bin"]), comments="", fmt="%.17g")

cv = LassoCV(cv=KFold(10), n_alphas=100, eps=1e-3, tol=1e-12, max_iter=1_000_000).fit(X, y_lin)
res = {"sklearn": sklearn.__version__,
       "lassocv": {"alpha": cv.alpha_, "intercept": cv.intercept_, "coef": cv.coef_.tolist(),
                   "alphas": cv.alphas_.tolist(), "mse_mean": cv.mse_path_.mean(axis=1).tolist()}}
lam = 0.05
C = 1.0 / (n * lam)
lr = LogisticRegression(penalty="l1", C=C, solver="saga", tol=1e-12, max_iter=2_000_000).fit(X, y_bin)
res["logistic_l1"] = {"lambda": lam, "C": C, "intercept": lr.intercept_[0], "coef": lr.coef_[0].tolist()}
from sklearn.preprocessing import RobustScaler, StandardScaler
from sklearn.feature_selection import f_classif
from sklearn.decomposition import PCA
rs = RobustScaler().fit(X)
res["robust"] = {"center": rs.center_.tolist(), "scale": rs.scale_.tolist()}
F, pv = f_classif(X, y_bin)
res["f_classif_p"] = pv.tolist()
Z = StandardScaler().fit_transform(X)
pca = PCA(n_components=4).fit(Z)
res["pca"] = {"explained_variance_ratio": pca.explained_variance_ratio_.tolist(), "scores": pca.transform(Z)[:5].tolist()}
from sklearn.tree import DecisionTreeClassifier
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.linear_model import LogisticRegression as LR
X5 = X[:, :5]
dt = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X5, y_bin)
gb = GradientBoostingClassifier(n_estimators=50, learning_rate=0.1, max_depth=3, random_state=0).fit(X5, y_bin)
nb = GaussianNB().fit(X5, y_bin)
lr2 = LR(C=0.5, solver="newton-cg", tol=1e-14, max_iter=10000).fit(X5, y_bin)
res["trees"] = {"dt_proba": dt.predict_proba(X5)[:, 1].tolist(), "gbm_proba": gb.predict_proba(X5)[:, 1].tolist(),
                "gnb_proba": nb.predict_proba(X5)[:, 1].tolist(), "lr_c05_coef": lr2.coef_[0].tolist(),
                "lr_c05_intercept": lr2.intercept_[0]}
json.dump(res, open(f"{out}/lasso_sklearn.json", "w"), indent=1)
print("ok", cv.alpha_, np.count_nonzero(cv.coef_), np.count_nonzero(lr.coef_))
