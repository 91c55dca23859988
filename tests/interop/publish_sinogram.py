#!/usr/bin/python3
"""Makes a small parallel-beam scan of three discs with numpy, writes it as a Data Exchange file with h5py, and
publishes the same frames as an XrayController frame stream with pyzmq + cbor2: an independent publisher for the
live reconstruction.

Usage: publish_sinogram.py ENDPOINT FILE.h5
Binds an XPUB socket at ENDPOINT, waits for one subscriber, then sends start, 4 darks, 5 flats, 90 projections (5 ms
apart, as a detector would) and end.
"""
import os
import sys
import time
import uuid

import cbor2
import h5py
import numpy as np
import zmq

ROWS, COLUMNS, ANGLES, AXIS = 4, 64, 90, 31.5
I0, DARK = 20000.0, 100.0
# Discs: centre x, y (pixels from the axis), radius (pixels), attenuation (1/pixel); the radius shrinks a little per row.
DISCS = [(0.0, 0.0, 24.0, 0.02), (8.0, -6.0, 6.0, 0.05), (-10.0, 9.0, 4.0, -0.015)]


def line_integrals(theta_deg, row):
    theta = np.radians(theta_deg)
    t = np.arange(COLUMNS) - AXIS
    total = np.zeros(COLUMNS)
    for x0, y0, radius, mu in DISCS:
        r = radius * (1 - 0.02 * row)
        d = t - (x0 * np.cos(theta) + y0 * np.sin(theta))
        total += 2 * mu * np.sqrt(np.clip(r * r - d * d, 0, None))
    return total


def frames():
    rng = np.random.RandomState(7)
    theta = np.arange(ANGLES) * 180.0 / ANGLES
    darks = [rng.poisson(DARK, (ROWS, COLUMNS)) for _ in range(4)]
    flats = [rng.poisson(I0, (ROWS, COLUMNS)) + DARK for _ in range(5)]
    projections = []
    for angle in theta:
        expected = np.stack([I0 * np.exp(-line_integrals(angle, r)) for r in range(ROWS)])
        projections.append(rng.poisson(expected) + DARK)
    as16 = lambda stack: np.clip(np.array(stack), 0, 65535).astype("<u2")
    return theta, as16(darks), as16(flats), as16(projections)


def main(endpoint, path):
    theta, darks, flats, projections = frames()
    with h5py.File(path, "w") as f:
        f["/exchange/data"] = projections
        f["/exchange/data_white"] = flats
        f["/exchange/data_dark"] = darks
        f["/exchange/theta"] = theta
        f["/exchange/theta"].attrs["units"] = "degrees"

    context = zmq.Context()
    socket = context.socket(zmq.XPUB)
    socket.bind(endpoint)
    socket.recv()  # a subscription: someone is listening
    series = str(uuid.uuid4())
    header = {"version": "xrc-stream/1", "series_unique_id": series}
    start = dict(header, type="start", plan_name="python-discs", technique="parallel-ct", instrument="numpy", simulated=True,
                 frame_count=len(darks) + len(flats) + len(projections), projection_count=len(projections),
                 flat_count=len(flats), dark_count=len(darks), shape=[ROWS, COLUMNS], dtype="uint16", exposure_s=0.1,
                 binning=1, pixel_size_um=None, detector_pixel_size_um=1.0, rotation_axis_px=AXIS, beam="parallel",
                 source_to_object_mm=None, source_to_detector_mm=None, angles_deg=theta.tolist(), energies_ev=[],
                 distances_mm=[], tile_positions_mm=[], start_time="2026-11-24T00:00:00Z", raw_file=os.path.abspath(path))
    socket.send(cbor2.dumps(start))
    seq = 0
    for key, stack, angles in ((2, darks, None), (1, flats, None), (0, projections, theta)):
        for i, frame in enumerate(stack):
            image = dict(header, type="image", seq=seq, image_key=key, rotation_angle_deg=float(angles[i]) if angles is not None else 0.0,
                         energy_ev=None, distance_index=0, tile_index=0, timestamp_s=0.1 * seq, shape=[ROWS, COLUMNS],
                         dtype="uint16", data=frame.tobytes())
            socket.send(cbor2.dumps(image))
            seq += 1
            time.sleep(0.005)
    socket.send(cbor2.dumps(dict(header, type="end", frame_count=seq, status="completed", reason=None)))
    socket.close(linger=2000)
    context.term()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
