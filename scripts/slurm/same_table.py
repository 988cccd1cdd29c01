#!/usr/bin/env python3
"""Checks that two CSV tables hold the same rows and cells (row and column order aside): same_table.py A B [KEY]."""
import csv
import sys


def read(path, key):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    table = {}
    for r in rows:
        if r[key] in table:
            sys.exit(f"{path}: {key} {r[key]} appears twice")
        table[r[key]] = r
    return (set(rows[0].keys()) if rows else set()), table


def main():
    a, b = sys.argv[1], sys.argv[2]
    key = sys.argv[3] if len(sys.argv) > 3 else "patient_id"
    cols_a, rows_a = read(a, key)
    cols_b, rows_b = read(b, key)
    if cols_a != cols_b:
        sys.exit(f"columns differ: only in {a}: {sorted(cols_a - cols_b)[:5]}, only in {b}: {sorted(cols_b - cols_a)[:5]}")
    if rows_a.keys() != rows_b.keys():
        sys.exit(f"rows differ: only in {a}: {sorted(rows_a.keys() - rows_b.keys())[:5]}, "
                 f"only in {b}: {sorted(rows_b.keys() - rows_a.keys())[:5]}")
    cells = 0
    for k, ra in rows_a.items():
        for c in cols_a:
            if ra[c] != rows_b[k][c]:
                sys.exit(f"{key} {k}, column {c}: {ra[c]!r} in {a} but {rows_b[k][c]!r} in {b}")
            cells += 1
    print(f"identical: {len(rows_a)} rows x {len(cols_a)} columns ({cells} cells)")


if __name__ == "__main__":
    main()
