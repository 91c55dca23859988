#!/usr/bin/python3
"""Subscribes to an XrayController frame stream with pyzmq + cbor2 and reports what it received as JSON.

Usage: subscribe_frames.py ENDPOINT REPORT.json [TIMEOUT_S [DELAY_S]]
Stops at the end message of the first series it sees, or after TIMEOUT_S (default 60) seconds. With DELAY_S, it
dawdles that long after each message and keeps a receive queue of 10 messages: a slow subscriber.
"""
import json
import sys
import time

import cbor2
import numpy as np
import zmq


def main(endpoint, report_path, timeout_s=60.0, delay_s=0.0):
    context = zmq.Context()
    socket = context.socket(zmq.SUB)
    if delay_s > 0:
        socket.setsockopt(zmq.RCVHWM, 10)
    socket.setsockopt(zmq.SUBSCRIBE, b"")
    socket.setsockopt(zmq.RCVTIMEO, int(timeout_s * 1000))
    socket.connect(endpoint)
    report = {"starts": 0, "start": None, "images": [], "end": None}
    series = None
    try:
        while report["end"] is None:
            message = cbor2.loads(socket.recv())
            time.sleep(delay_s)
            if message["version"] != "xrc-stream/1":
                raise ValueError("unknown version " + message["version"])
            if message["type"] == "start":
                report["starts"] += 1
                if series is None:
                    series = message["series_unique_id"]
                    report["start"] = {k: message[k] for k in ("series_unique_id", "plan_name", "frame_count", "projection_count", "shape", "dtype", "rotation_axis_px", "pixel_size_um")}
                    report["start"]["angle_count"] = len(message["angles_deg"])
            elif message["series_unique_id"] != series:
                continue
            elif message["type"] == "image":
                pixels = np.frombuffer(message["data"], dtype=np.dtype(message["dtype"]).newbyteorder("<")).reshape(message["shape"])
                report["images"].append({"seq": message["seq"], "image_key": message["image_key"], "sum": int(pixels.astype(np.int64).sum()), "angle": message["rotation_angle_deg"]})
            elif message["type"] == "end":
                report["end"] = {"frame_count": message["frame_count"], "status": message["status"]}
    except zmq.Again:
        report["timeout"] = True
    with open(report_path, "w") as out:
        json.dump(report, out)
    socket.close(0)
    context.term()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]) if len(sys.argv) > 3 else 60.0, float(sys.argv[4]) if len(sys.argv) > 4 else 0.0)
