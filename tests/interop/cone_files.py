#!/usr/bin/python3
"""Independent side of the lab cone-beam end-to-end test (h5py + numpy only).

describe RAW.h5 RECON.h5   prints, as JSON, what a tiled cone-beam scan file and its stitched FDK volume hold: the
                           cone geometry and tile positions, the tile index of every projection and flat, the volume's
                           shape and attributes, and the sample heights its first and last slices stand for.
"""
import json
import sys

import h5py
import numpy as np


def describe(raw_path, recon_path):
    report = {}
    with h5py.File(raw_path, "r") as raw:
        geometry = raw["/measurement/instrument/geometry"]
        report["beam"] = geometry.attrs["beam"].decode() if isinstance(geometry.attrs["beam"], bytes) else str(geometry.attrs["beam"])
        report["source_to_object_mm"] = float(geometry.attrs["source_to_object_mm"])
        report["source_to_detector_mm"] = float(geometry.attrs["source_to_detector_mm"])
        report["tile_positions_mm"] = geometry["tile_positions_mm"][:].tolist()
        tiles = raw["/exchange/tile_index"][:]
        report["projections_per_tile"] = [int((tiles == t).sum()) for t in sorted(set(tiles.tolist()))]
        report["flat_tiles"] = sorted(set(raw["/exchange/tile_index_white"][:].tolist()))
        report["detector_rows"] = int(raw["/exchange/data"].shape[1])
    with h5py.File(recon_path, "r") as recon:
        volume = recon["/exchange/recon"]
        data = volume[:]
        attrs = volume.attrs
        voxel_mm = float(attrs["voxel_size_um"]) / 1000
        report["recon_shape"] = list(data.shape)
        report["recon_finite"] = bool(np.isfinite(data).all())
        report["algorithm"] = attrs["algorithm"].decode() if isinstance(attrs["algorithm"], bytes) else str(attrs["algorithm"])
        report["voxel_size_um"] = float(attrs["voxel_size_um"])
        report["top_z_mm"] = float(attrs["top_z_mm"])
        report["bottom_z_mm"] = float(attrs["top_z_mm"]) - (data.shape[0] - 1) * voxel_mm
        report["seam_correlation"] = np.asarray(attrs["seam_correlation"]).tolist()
        report["seam_shift_applied"] = np.asarray(attrs["seam_shift_applied"]).tolist()
        report["recon_tile_positions_mm"] = np.asarray(attrs["tile_positions_mm"]).tolist()
    print(json.dumps(report))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "describe":
        describe(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
