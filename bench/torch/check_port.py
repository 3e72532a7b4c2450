"""Checks the PyTorch port against the Java model: the log-probability that `gfncp cluster --format json` reports
for each set's clustering must equal the port's teacher-forced log-likelihood of the same labels, in float64, to
within float32 rounding (the Java side runs in float32): 0.05 nats plus N * max|E| * 2^-20, since every step's
log-sum-exp rounds at the scale of its largest energy (thousands of nats in some trained models).

    gfncp cluster --checkpoint CKPT --no-center -i sets.npy --format json -o out.json
    python3 check_port.py CKPT sets.npy out.json

Exits non-zero when a set differs by more than that.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gfncp_torch import PointwiseEnergy, load_weights, log_likelihood_of, read_checkpoint  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    ap.add_argument("sets", help="the .npy [S, N, D] given to gfncp cluster")
    ap.add_argument("clusterings", help="gfncp cluster's JSON output")
    args = ap.parse_args()
    model = PointwiseEnergy()
    load_weights(model, read_checkpoint(args.checkpoint)[1])
    model = model.double()
    sets = torch.from_numpy(np.load(args.sets)).double()
    failed = 0
    for s, entry in enumerate(json.load(open(args.clusterings))["sets"]):
        clustering = entry["clusterings"][0]
        labels = torch.tensor([clustering["labels"]])
        with torch.no_grad():
            logits = model.step_logits(sets[s:s + 1], labels, int(labels.max()) + 1)
        port = float(log_likelihood_of(logits, labels))
        tolerance = 0.05 + labels.shape[1] * float(logits[torch.isfinite(logits)].abs().max()) * 2.0 ** -20
        difference = abs(port - clustering["logProb"])
        failed += difference > tolerance
        print(f"set {s}: Java {clustering['logProb']:.5f}, port {port:.5f}, difference {difference:.5f} "
              f"(tolerance {tolerance:.3f})")
    print("agree" if failed == 0 else f"{failed} set(s) disagree")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
