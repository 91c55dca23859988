"""Compares every dataset under /xanes of two XANES analysis files with h5py (NaN equal to NaN); prints a JSON report."""
import json
import sys

import h5py
import numpy as np


def datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        f["/xanes"].visititems(lambda name, item: found.__setitem__(name, item[()]) if isinstance(item, h5py.Dataset) else None)
    return found


first = datasets(sys.argv[1])
second = datasets(sys.argv[2])
differing = sorted(
    name for name in set(first) | set(second)
    if name not in first or name not in second or first[name].shape != second[name].shape
    or not np.array_equal(first[name], second[name], equal_nan=first[name].dtype.kind == "f"))
print(json.dumps({
    "equal": not differing,
    "datasets": len(first),
    "differing": differing,
    "edge_voxels": int(first["mask"].sum()) if "mask" in first else 0,
}))
