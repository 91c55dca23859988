"""Reads one axial slice of a reconstruction file with h5py (an independent reader) and prints it as JSON."""
import json
import sys

import h5py

path, z = sys.argv[1], int(sys.argv[2])
with h5py.File(path, "r") as f:
    recon = f["/exchange/recon"]
    values = recon[z, :, :].astype("float32")
    print(json.dumps({"shape": list(recon.shape), "values": [float(v) for v in values.ravel()]}))
