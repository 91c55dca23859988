#!/usr/bin/python3
"""Independent side of the lab cone-beam end-to-end test (h5py + numpy only).

describe RAW.h5 RECON.h5   prints, as JSON, what a tiled cone-beam scan file and its stitched FDK volume hold: the
                           cone geometry and tile positions, the tile index of every projection and flat, the volume's
                           shape and attributes, and the sample heights its first and last slices stand for; and how
                           far the recorded projection matrices stray from the geometry the attributes and angles state
                           (each matrix's source, from its null space, and where points on and off the axis land).
half RAW.h5 RECON.h5       prints, as JSON, what a half-acquisition's scan file and volume hold: the panel's recorded
                           offset, the simulator's true axis column, the matrices' agreement with the offset geometry,
                           and the volume's shape, centre and half-acquisition attribute.
zoom RAW.h5 RECON.h5       prints, as JSON, a zoom's detector configuration, its region's centre in the cell's frame,
                           and the volume's voxel and shape.
"""
import json
import sys

import h5py
import numpy as np


def matrix_check(raw, geometry):
    """The recorded matrices against the stated circular geometry, worked out independently here."""
    matrices = geometry["projection_matrices"][:]
    theta = np.radians(raw["/exchange/theta"][:])
    sod = float(geometry.attrs["source_to_object_mm"])
    sdd = float(geometry.attrs["source_to_detector_mm"])
    pixel_mm = float(geometry.attrs["pixel_size_um"]) / 1000 * sdd / sod
    rows, columns = raw["/exchange/data"].shape[1:]
    offset_columns = float(geometry.attrs.get("detector_offset_mm", 0.0)) / pixel_mm
    source_error = 0.0
    pixel_error = 0.0
    for p, angle in zip(matrices, theta):
        source = np.linalg.svd(p)[2][-1]
        source = source[:3] / source[3]
        source_error = max(source_error, float(np.abs(source - [sod * np.sin(angle), -sod * np.cos(angle), 0]).max()))
        for x, y, z in [(0, 0, 0), (0, 0, 2), (1.5, -0.7, 0.4)]:
            h = p @ [x, y, z, 1]
            depth = sod - x * np.sin(angle) + y * np.cos(angle)
            column = (columns - 1) / 2 - offset_columns + (x * np.cos(angle) + y * np.sin(angle)) * sdd / depth / pixel_mm
            row = (rows - 1) / 2 - z * sdd / depth / pixel_mm
            pixel_error = max(pixel_error, abs(h[0] / h[2] - column), abs(h[1] / h[2] - row), abs(h[2] - depth))
    return {"matrices_shape": list(matrices.shape), "matrix_source_error_mm": source_error, "matrix_pixel_error": pixel_error}


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
        report.update(matrix_check(raw, geometry))
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


def half(raw_path, recon_path):
    report = {}
    with h5py.File(raw_path, "r") as raw:
        geometry = raw["/measurement/instrument/geometry"]
        report["detector_offset_mm"] = float(geometry.attrs["detector_offset_mm"])
        report["true_rotation_axis_px"] = float(raw["/process"].attrs["true_rotation_axis_px"])
        report.update(matrix_check(raw, geometry))
    with h5py.File(recon_path, "r") as recon:
        volume = recon["/exchange/recon"]
        report["recon_shape"] = list(volume.shape)
        report["recon_finite"] = bool(np.isfinite(volume[:]).all())
        report["half_acquisition"] = int(volume.attrs["half_acquisition"])
        report["center_px"] = float(volume.attrs["center_px"])
    print(json.dumps(report))


def zoom(raw_path, recon_path):
    with h5py.File(raw_path, "r") as raw, h5py.File(recon_path, "r") as recon:
        configuration = raw["/measurement/instrument/detector"].attrs["configuration"]
        volume = recon["/exchange/recon"]
        print(json.dumps({
            "configuration": configuration.decode() if isinstance(configuration, bytes) else str(configuration),
            "roi_centre_mm": np.asarray(raw["/measurement/instrument/geometry"].attrs["roi_centre_mm"]).tolist(),
            "voxel_size_um": float(volume.attrs["voxel_size_um"]),
            "recon_roi_centre_mm": np.asarray(volume.attrs["sample_roi_centre_mm"]).tolist(),
            "recon_shape": list(volume.shape),
        }))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "describe":
        describe(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "half":
        half(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "zoom":
        zoom(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
