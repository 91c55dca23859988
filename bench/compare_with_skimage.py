#!/usr/bin/python3
"""Reconstruction quality against scikit-image's iradon on the same sinogram (a benchmark, not a test).

Usage: compare_with_skimage.py XRAYCTL [WORK_DIR]
  XRAYCTL: how to run xrayctl, e.g. "dotnet src/XrayController.Host/bin/Release/net10.0/xrayctl.dll"

A 512 x 512 Shepp-Logan slice (scikit-image's phantom, resized), 720 projections over 180 degrees made with
skimage.transform.radon, axis at column 256 (scikit-image's convention). Two cases:
  noise-free: the line integrals go to xrayctl as transmissions exp(-p) with a flat of 1 and a dark of 0;
  noisy: Poisson counts at I0 = 1e4 (dark level 100); iradon gets the ideally normalised line integrals
         -ln((counts - 100) / I0); xrayctl gets the counts with 10, then 100, measured flats and darks (whose own noise
         is the only difference), then with the exact flat and dark levels.
RMSE is taken inside the reconstruction circle against the phantom (per pixel units), for xrayctl (ramp filter) and for
iradon (ramp filter, linear interpolation).
"""
import os
import subprocess
import sys
import time

import h5py
import numpy as np
import skimage
from skimage.data import shepp_logan_phantom
from skimage.transform import iradon, radon, resize

N, ANGLES, I0, DARK = 512, 720, 1e4, 100.0


def rmse_in_circle(image, truth):
    yy, xx = np.mgrid[:N, :N]
    inside = (xx - N // 2) ** 2 + (yy - N // 2) ** 2 < (N // 2 - 1) ** 2
    return float(np.sqrt(np.mean((image[inside] - truth[inside]) ** 2)))


def xrayctl_recon(xrayctl, work, name, data, white, dark, theta):
    path = os.path.join(work, name + ".h5")
    with h5py.File(path, "w") as f:
        f["/exchange/data"] = data
        f["/exchange/data_white"] = white
        f["/exchange/data_dark"] = dark
        f["/exchange/theta"] = theta
    out = os.path.join(work, name + "_recon.h5")
    subprocess.run(xrayctl.split() + ["recon", path, "--center", str(N // 2), "--filter", "ramp", "--zinger-removal", "off",
                                      "--flats", "preceding", "--out", out], check=True, stdout=subprocess.DEVNULL)
    with h5py.File(out, "r") as f:
        return f["/exchange/recon"][0]


def main(xrayctl, work):
    os.makedirs(work, exist_ok=True)
    phantom = resize(shepp_logan_phantom(), (N, N), order=1, anti_aliasing=False)
    theta = np.arange(ANGLES) * 180.0 / ANGLES
    sinogram = radon(phantom, theta=theta, circle=True)          # [column, angle]
    scale = 2.0 / sinogram.max()                                 # most attenuating ray: line integral 2
    p = (sinogram * scale).T[:, None, :]                         # [angle, row, column]
    truth = phantom * scale

    ours = xrayctl_recon(xrayctl, work, "noise_free", np.exp(-p).astype(np.float32),
                         np.ones((1, 1, N), np.float32), np.zeros((1, 1, N), np.float32), theta)
    clock = time.perf_counter()
    theirs = iradon(sinogram * scale, theta=theta, filter_name="ramp", interpolation="linear", circle=True)
    seconds = time.perf_counter() - clock
    print(f"scikit-image {skimage.__version__}, {N} x {N}, {ANGLES} projections; iradon took {seconds:.2f} s for the slice "
          f"({N * N * ANGLES / seconds / 1e9:.3f} GUPS, one thread)")
    print(f"noise-free  RMSE inside the circle: xrayctl {rmse_in_circle(ours, truth):.7f}, iradon {rmse_in_circle(theirs, truth):.7f} (per pixel; phantom max {truth.max():.5f})")

    rng = np.random.RandomState(1)
    counts = rng.poisson(I0 * np.exp(-p)) + rng.poisson(DARK, p.shape)
    ideal = -np.log(np.clip((counts - DARK) / I0, 1e-5, None))[:, 0, :].T
    theirs = iradon(ideal, theta=theta, filter_name="ramp", interpolation="linear", circle=True)
    print(f"noisy (I0 = 1e4): iradon on ideally normalised data {rmse_in_circle(theirs, truth):.7f}")
    for count in (10, 100):
        flats = rng.poisson(I0, (count, 1, N)) + rng.poisson(DARK, (count, 1, N))
        darks = rng.poisson(DARK, (count, 1, N))
        ours = xrayctl_recon(xrayctl, work, f"noisy_{count}", counts.astype("<u2"), flats.astype("<u2"), darks.astype("<u2"), theta)
        print(f"noisy (I0 = 1e4): xrayctl with {count} measured flats and darks {rmse_in_circle(ours, truth):.7f}")
    exact = xrayctl_recon(xrayctl, work, "noisy_exact", counts.astype(np.float32), np.full((1, 1, N), I0 + DARK, np.float32),
                          np.full((1, 1, N), DARK, np.float32), theta)
    print(f"noisy (I0 = 1e4): xrayctl with the exact flat and dark levels {rmse_in_circle(exact, truth):.7f}")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "/tmp/xrayctl-skimage")
