#!/usr/bin/python3
"""Rewrites a Data Exchange file as NXtomo with h5py, as nabu and tomwer users keep their data: one frame stack in
acquisition order (darks, flats, projections) with image_key, and rotation_angle in radians (units "rad").

Usage: write_nxtomo.py IN_DATA_EXCHANGE.h5 OUT_NXTOMO.h5
"""
import sys

import h5py
import numpy as np


def main(source, target):
    with h5py.File(source, "r") as f:
        dark, flat, data = (f["/exchange/" + k][:] for k in ("data_dark", "data_white", "data"))
        theta = f["/exchange/theta"][:]
    frames = np.concatenate([dark, flat, data])
    keys = np.concatenate([np.full(len(dark), 2), np.full(len(flat), 1), np.zeros(len(data))]).astype(np.int32)
    angles = np.radians(np.concatenate([np.zeros(len(dark) + len(flat)), theta]))
    with h5py.File(target, "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        entry["definition"] = "NXtomo"
        detector = entry.create_group("instrument/detector")
        detector.attrs["NX_class"] = "NXdetector"
        detector["data"] = frames
        detector["image_key"] = keys
        sample = entry.create_group("sample")
        sample["rotation_angle"] = angles
        sample["rotation_angle"].attrs["units"] = "rad"


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
