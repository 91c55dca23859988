#!/usr/bin/python3
"""Reads an XrayController scan file with h5py, independently of the C# code, and prints what it finds as JSON.

Usage: read_scan_file.py FILE.h5
The end-to-end tests compare this report with what the scan should have produced.
"""
import json
import sys

import h5py
import numpy as np


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def main(path):
    with h5py.File(path, "r") as f:
        stacks = {key: f["/exchange/" + name] for key, name in ((0, "data"), (1, "data_white"), (2, "data_dark")) if "/exchange/" + name in f}
        keys = f["/measurement/frames/image_key"][:]
        seqs = f["/measurement/frames/seq"][:]
        position = {0: 0, 1: 0, 2: 0}
        sums = {}
        for seq, key in zip(seqs, keys):
            if int(key) == 3:
                continue  # replaced by a retake later in the log
            frame = stacks[int(key)][position[int(key)]]
            position[int(key)] += 1
            sums[int(seq)] = int(frame.astype(np.int64).sum())
        process = f["/process"].attrs
        report = {
            "shapes": {name: list(f["/exchange/" + name].shape) for name in ("data", "data_white", "data_dark") if "/exchange/" + name in f},
            # A scan that stopped before its first projection has flats or darks only.
            "dtype": str(f["/exchange/data"].dtype) if "/exchange/data" in f else None,
            "theta": f["/exchange/theta"][:].tolist() if "/exchange/theta" in f else [],
            "theta_units": text(f["/exchange/theta"].attrs["units"]) if "/exchange/theta" in f else None,
            "image_key_counts": {str(k): int(n) for k, n in zip(*np.unique(keys, return_counts=True))},
            "seq": seqs.tolist(),
            "frame_sums_by_seq": sums,
            "status": text(f["/process/acquisition/status"][()]),
            "frames_acquired": int(f["/process/acquisition/frames_acquired"][0]),
            "reason": text(f["/process/acquisition/reason"][()]),
            "retakes": int(f["/process/acquisition/retakes"][0]),
            "i0_kept": [None if np.isnan(v) else float(v) for v, k in zip(f["/measurement/frames/i0"][:], keys) if int(k) != 3],
            "i0_units": text(f["/measurement/frames/i0"].attrs["units"]),
            "temperature_kept": [None if np.isnan(v) else float(v) for v, k in zip(f["/measurement/frames/temperature_c"][:], keys) if int(k) != 3],
            "paused_by": [text(v) for v in f["/process/acquisition/pauses/requested_by"][:]] if "/process/acquisition/pauses" in f else [],
            "simulated": int(process["simulated"]),
            "true_rotation_axis_px": float(process["true_rotation_axis_px"]),
            "plan_name": text(process["plan_name"]),
            "plan_has_text": len(text(process["plan"])) > 0,
            "software_version": text(process["software_version"]),
            "instrument": text(f["/measurement"].attrs["instrument"]),
            "pixel_size_um": float(f["/measurement/instrument/geometry"].attrs["pixel_size_um"]),
        }
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
