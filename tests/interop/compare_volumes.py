"""Compares two volumes' /exchange/recon with h5py (a virtual dataset read through to its sources); prints a JSON report."""
import json
import sys

import h5py
import numpy as np


def describe(path):
    with h5py.File(path, "r") as f:
        recon = f["/exchange/recon"]
        virtual = recon.is_virtual
        return recon[()], virtual, len(recon.virtual_sources()) if virtual else 0


first, first_virtual, _ = describe(sys.argv[1])
second, second_virtual, sources = describe(sys.argv[2])
print(json.dumps({
    "equal": bool(first.shape == second.shape and np.array_equal(first, second, equal_nan=True)),
    "shape": list(second.shape),
    "first_virtual": bool(first_virtual),
    "second_virtual": bool(second_virtual),
    "second_sources": sources,
}))
