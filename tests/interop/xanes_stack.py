#!/usr/bin/python3
"""Independent side of the XANES interop test (h5py + numpy only).

write OUT.h5      writes a spectral stack as another program would: /exchange/recon [energy, z, y, x] float32 in
                  attenuation per voxel, /exchange/energy in eV (the 63-point Ni K-edge grid), no voxel size; plus
                  /truth/edge_ev and /truth/fragment (ids 1..3) for the check. Two particles: one whole sphere, one
                  sphere cut in two by a 3-voxel crack whose halves have different edges; a NaN voxel in a corner.
check OUT.h5 XANES.h5   reads the analysis output and prints a JSON report against the truth.
describe RECON.h5 XANES.h5 [RAW.h5]   prints what a spectral reconstruction and its analysis hold (shapes, energies,
                  datasets) and, given the scan file, its energy calibration.
"""
import json
import sys

import h5py
import numpy as np

ENERGIES = np.concatenate([8178 + 10 * np.arange(15), 8322 + np.arange(37.0), 8370 + 20 * np.arange(11)])
SHAPE = (40, 44, 72)
JUMP = 0.05


def attenuation(energy, edge):
    background = JUMP * 1.2 * (1 - (energy - 8178) / 2500)
    step = JUMP * (0.5 + np.arctan((energy - edge) / 1.25) / np.pi) * (1 - (energy - edge) / 3000)
    return background + step


def phantom():
    z, y, x = np.indices(SHAPE)
    edge = np.full(SHAPE, np.nan)
    fragment = np.zeros(SHAPE, dtype=np.int32)
    first = (z - 20) ** 2 + (y - 22) ** 2 + (x - 17) ** 2 <= 11 ** 2
    second = (z - 20) ** 2 + (y - 22) ** 2 + (x - 50) ** 2 <= 11 ** 2
    edge[first] = 8342.5
    fragment[first] = 1
    left = second & (x < 49)
    right = second & (x > 51)
    edge[left] = 8344.0 + 0.05 * (y[left] - 22)
    edge[right] = 8345.5
    fragment[left] = 2
    fragment[right] = 3
    return edge, fragment


def write(path):
    edge, fragment = phantom()
    rng = np.random.default_rng(8333)
    recon = np.zeros((len(ENERGIES),) + SHAPE, dtype=np.float32)
    inside = ~np.isnan(edge)
    for k, energy in enumerate(ENERGIES):
        volume = np.zeros(SHAPE)
        volume[inside] = attenuation(energy, edge[inside])
        volume += 0.03 * JUMP * rng.standard_normal(SHAPE)
        recon[k] = volume
    recon[:, 0, 0, 0] = np.nan
    with h5py.File(path, "w") as f:
        f["exchange/recon"] = recon
        f["exchange/energy"] = ENERGIES
        f["truth/edge_ev"] = edge
        f["truth/fragment"] = fragment


def check(path, xanes):
    with h5py.File(path, "r") as f:
        edge = f["truth/edge_ev"][...]
        fragment = f["truth/fragment"][...]
    with h5py.File(xanes, "r") as f:
        measured = f["xanes/edge_energy_ev"][...]
        mask = f["xanes/mask"][...].astype(bool)
        fragments = f["xanes/labels/fragments"][...]
        grains = f["xanes/labels/grains"][...]
        particles = f["xanes/labels/particles"][...]
        energies = f["xanes/energy_ev"][...]
        e0 = float(f["xanes"].attrs["e0_ev"])
    interior = np.zeros(edge.shape, dtype=bool)
    z, y, x = np.indices(edge.shape)
    for cx in (17, 50):
        interior |= (z - 20) ** 2 + (y - 22) ** 2 + (x - cx) ** 2 <= 9 ** 2
    interior &= ~np.isnan(edge) & (np.abs(x - 50) > 3)
    error = measured[interior] - edge[interior]
    sizes = {}
    for truth_id in (1, 2, 3):
        labels, counts = np.unique(fragments[fragment == truth_id], return_counts=True)
        best = labels[np.argmax(counts)]
        sizes[str(truth_id)] = {"truth": int((fragment == truth_id).sum()), "found": int((fragments == best).sum())}
    print(json.dumps({
        "rms_interior_ev": float(np.sqrt(np.nanmean(error ** 2))),
        "interior_masked": int(np.isnan(error).sum()),
        "nan_outside_mask": bool(np.all(np.isnan(measured[~mask]))),
        "fragments": int(fragments.max()),
        "particles": int(particles.max()),
        "grains": int(grains.max()),
        "energies": int(energies.size),
        "e0_ev": e0,
        "fragment_sizes": sizes,
    }))


def describe(recon_path, xanes_path, raw_path=None):
    with h5py.File(recon_path, "r") as f:
        recon = f["exchange/recon"]
        energy = f["exchange/energy"][...]
        report = {
            "recon_shape": list(recon.shape),
            "recon_dtype": str(recon.dtype),
            "units": recon.attrs["units"].decode() if isinstance(recon.attrs["units"], bytes) else str(recon.attrs["units"]),
            "voxel_size_um": float(recon.attrs["voxel_size_um"]),
            "energies": [float(e) for e in energy],
            "recon_finite": bool(np.isfinite(recon[...]).all()),
        }
    with h5py.File(xanes_path, "r") as f:
        names = []
        f.visit(names.append)
        edge = f["xanes/edge_energy_ev"][...]
        mask = f["xanes/mask"][...].astype(bool)
        report["xanes_datasets"] = sorted(n for n in names if isinstance(f[n], h5py.Dataset))
        report["edge_shape"] = list(edge.shape)
        report["edge_finite_equals_mask"] = bool(np.array_equal(np.isfinite(edge), mask))
        report["edge_range"] = [float(np.nanmin(edge)), float(np.nanmax(edge))]
    if raw_path is not None:
        with h5py.File(raw_path, "r") as f:
            calibration = f["measurement/energy_calibration"]
            report["calibration_shift_ev"] = float(calibration["shift_ev"][0])
            report["calibration_points"] = int(calibration["energy_ev"].size)
    print(json.dumps(report))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2])
    elif sys.argv[1] == "describe":
        describe(*sys.argv[2:5])
    else:
        check(sys.argv[2], sys.argv[3])
