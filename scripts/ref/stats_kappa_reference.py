"""Cohen's kappa reference values from statsmodels (Debian python3-statsmodels 0.13):
SE, null SE, z and p for unweighted, linear and quadratic weights on the committed kappa.csv.
Run from the repository root:  /usr/bin/python3 scripts/ref/stats_kappa_reference.py"""
import csv

import numpy as np
from statsmodels.stats.inter_rater import cohens_kappa

base = "src/test/resources/org/spinerad/stats/"
with open(base + "kappa.csv") as f:
    rows = list(csv.DictReader(f))
table = np.zeros((4, 4))
for r in rows:
    table[int(r["rater1"]) - 1, int(r["rater2"]) - 1] += 1

out = []
for name, wt in (("unweighted", None), ("linear", "linear"), ("quadratic", "quadratic")):
    res = cohens_kappa(table, wt=wt) if wt else cohens_kappa(table)
    out += [(f"kappa.sm.{name}", res.kappa), (f"kappa.sm.{name}.se", res.std_kappa),
            (f"kappa.sm.{name}.se0", res.std_kappa0), (f"kappa.sm.{name}.z", res.z_value),
            (f"kappa.sm.{name}.p", res.pvalue_two_sided)]
with open(base + "kappa_statsmodels.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["name", "value"])
    for k, v in out:
        w.writerow([k, repr(float(v))])
print("wrote", len(out), "values")
