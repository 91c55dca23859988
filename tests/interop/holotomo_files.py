#!/usr/bin/python3
"""Independent side of the holotomography end-to-end test (h5py + numpy only).

describe RAW.h5 RECON.h5   prints, as JSON, what a holotomography scan file and its delta reconstruction hold: the
                           distances and Fresnel geometry, the per-frame log, the recon's shape, attributes and the mean
                           delta of the matrix-like and particle-like voxels.
break RAW.h5 OUT.h5 MODE   writes a damaged copy for the bad-input tests: 'flats' puts every flat at distance 0 (so the
                           other distances have none), 'distances' makes the first two distances equal, 'energy' removes
                           the photon energy.
"""
import json
import shutil
import sys

import h5py
import numpy as np


def describe(raw_path, recon_path):
    report = {}
    with h5py.File(raw_path, "r") as raw:
        geometry = raw["/measurement/instrument/geometry"]
        frames = raw["/measurement/frames"]
        keys = frames["image_key"][:]
        report["distances_mm"] = geometry["distances_mm"][:].tolist()
        report["magnification"] = geometry["magnification"][:].tolist()
        report["propagation_distance_mm"] = geometry["propagation_distance_mm"][:].tolist()
        report["pixel_size_um_at_sample"] = geometry["pixel_size_um_at_sample"][:].tolist()
        report["source_to_detector_mm"] = float(geometry.attrs["source_to_detector_mm"])
        report["detector_pixel_size_um"] = float(geometry.attrs["detector_pixel_size_um"])
        report["projection_distance_indices"] = sorted(set(raw["/exchange/distance_index"][:].tolist()))
        report["flat_distance_indices"] = sorted(set(raw["/exchange/distance_index_white"][:].tolist()))
        report["energies_ev"] = sorted(set(raw["/exchange/energy"][:].tolist()))
        logged = keys != 2
        report["frame_magnifications"] = sorted(set(np.round(frames["magnification"][:][logged], 6).tolist()))
        report["frame_propagation_mm"] = sorted(set(np.round(frames["propagation_distance_mm"][:][logged], 6).tolist()))
    with h5py.File(recon_path, "r") as recon:
        volume = recon["/exchange/recon"]
        data = volume[:]
        attrs = volume.attrs
        report["recon_shape"] = list(data.shape)
        report["recon_dtype"] = str(data.dtype)
        report["recon_finite"] = bool(np.isfinite(data).all())
        for key in ("quantity", "units", "phase_retrieval"):
            value = attrs[key]
            report[key] = value.decode() if isinstance(value, bytes) else str(value)
        report["voxel_size_um"] = float(attrs["voxel_size_um"])
        report["energy_ev"] = float(attrs["energy_ev"])
        report["delta_beta"] = float(attrs["delta_beta"])
        report["frc_resolution_um"] = float(attrs["frc_resolution_um"])
        z, y, x = np.indices(data.shape)
        centre = (data.shape[2] - 1) / 2
        inside = (y - centre) ** 2 + (x - centre) ** 2 <= (0.3 * data.shape[2]) ** 2
        values = data[inside]
        report["delta_median_inside"] = float(np.median(values))
        report["delta_p995_inside"] = float(np.percentile(values, 99.5))
    print(json.dumps(report))


def damage(raw_path, out_path, mode):
    shutil.copyfile(raw_path, out_path)
    with h5py.File(out_path, "r+") as f:
        if mode == "flats":
            f["/exchange/distance_index_white"][...] = 0
        elif mode == "distances":
            distances = f["/measurement/instrument/geometry/distances_mm"]
            values = distances[:]
            values[1] = values[0]
            distances[...] = values
        elif mode == "energy":
            for name in ("energy", "energy_white", "energy_dark"):
                if "/exchange/" + name in f:
                    del f["/exchange/" + name]
        else:
            raise SystemExit("unknown mode " + mode)


if __name__ == "__main__":
    if sys.argv[1] == "describe":
        describe(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "break":
        damage(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        raise SystemExit(__doc__)
