"""GFNCP's point-wise energy model in PyTorch, for training on a GPU that the Java engines cannot reach.

The same function as gfncp-core's PointwiseEnergy (spec 1.2, 2.2) with the same parameter names, so weights move
both ways through the project's checkpoint format (docs/checkpoint-format.md). The energy of putting point n into
candidate k is E([sum_j g(H_j^(k)); sum_{i>n} u(x_i)]), H_j^(k) being the h-sums of the clusters after the move;
P(c_n = k) is the softmax of -E over the existing clusters and a new one.

Diagnostic tooling, not part of the Java build: the Java trainer stays the project's own. See README.md.
"""
import hashlib
import json
import os
import struct
import zlib

import numpy as np
import torch
from torch import nn


def mlp(widths, last_bias=True):
    layers = []
    for i in range(len(widths) - 1):
        last = i == len(widths) - 2
        layers.append(nn.Linear(widths[i], widths[i + 1], bias=(not last) or last_bias))
        if not last:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class PointwiseEnergy(nn.Module):
    """h, u: D -> 128 x4 -> d_h; g: d_h -> H x5 -> d_g; E: d_g + d_h -> H x5 -> 1 (no last bias). ReLU (GFNCP)."""

    def __init__(self, d=2, enc_hidden=128, d_h=128, hidden=128, d_g=512):
        super().__init__()
        self.h = mlp([d, enc_hidden, enc_hidden, enc_hidden, enc_hidden, d_h])
        self.u = mlp([d, enc_hidden, enc_hidden, enc_hidden, enc_hidden, d_h])
        self.g = mlp([d_h, hidden, hidden, hidden, hidden, hidden, d_g])
        self.E = mlp([d_g + d_h, hidden, hidden, hidden, hidden, hidden, 1], last_bias=False)

    def step_logits(self, x, labels, clusters):
        """Logits [B, N, K + 1] of every step and candidate of the labelled sets x [B, N, D], labels [B, N] canonical
        (first occurrences in order), K = clusters (at least the largest K of the batch); invalid slots -inf."""
        clusters += 1  # a step that sees all K clusters still has the new-cluster candidate
        hx = self.h(x)
        ux = self.u(x)
        unassigned = ux.sum(1, keepdim=True) - ux.cumsum(1)  # sum over i > n
        onehot = torch.nn.functional.one_hot(labels, clusters).to(hx.dtype)  # [B, N, Kc]
        # cluster h-sums before step n: exclusive prefix sums over the points
        contrib = onehot.unsqueeze(-1) * hx.unsqueeze(2)  # [B, N, Kc, d_h]
        before = contrib.cumsum(1) - contrib
        seen = onehot.cumsum(1) - onehot
        count_before = (seen > 0).sum(-1)  # K_n, clusters among the first n points
        slot = torch.arange(clusters, device=x.device)
        existing = (slot.view(1, 1, -1) < count_before.unsqueeze(-1)).to(hx.dtype)  # [B, N, Kc]
        valid = slot.view(1, 1, -1) <= count_before.unsqueeze(-1)
        g_before = self.g(before) * existing.unsqueeze(-1)
        g_after = self.g(before + hx.unsqueeze(2))
        total = g_before.sum(2, keepdim=True)
        code = total - g_before + g_after  # [B, N, Kc, d_g]
        energy = self.E(torch.cat([code, unassigned.unsqueeze(2).expand(-1, -1, clusters, -1)], -1)).squeeze(-1)
        return torch.where(valid, -energy, torch.full_like(energy, float("-inf")))

    def log_likelihood(self, x, labels, clusters):
        """log prod_{n >= 1} P(c_n | c_<n, x) per set, [B] (step 0 is forced)."""
        return log_likelihood_of(self.step_logits(x, labels, clusters), labels)


def log_likelihood_of(logits, labels):
    """log prod_{n >= 1} P(c_n | c_<n, x) per set, [B], from PointwiseEnergy.step_logits."""
    chosen = torch.log_softmax(logits, -1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
    return chosen[:, 1:].sum(1)


# ---- data: spec 0.5 and profile P (CRP alpha, mu ~ N(0, 10^2 I), x ~ N(mu, I), median-centered) ----------------

def crp_labels(batch, n, alpha, generator, device):
    """Canonical CRP labels [B, N]: seating customers in order gives first-occurrence labels directly."""
    labels = torch.zeros(batch, n, dtype=torch.long, device=device)
    counts = torch.zeros(batch, n + 1, device=device)
    counts[:, 0] = 1
    tables = torch.ones(batch, dtype=torch.long, device=device)
    rows = torch.arange(batch, device=device)
    for i in range(1, n):
        weights = counts.clone()
        weights[rows, tables] = alpha
        choice = torch.multinomial(weights, 1, generator=generator).squeeze(1)
        labels[:, i] = choice
        counts[rows, choice] += 1
        tables = tables + (choice == tables).long()
    return labels


def mog_batch(batch, n, alpha, generator, device, mean_std=10.0, point_std=1.0):
    labels = crp_labels(batch, n, alpha, generator, device)
    means = mean_std * torch.randn(batch, n, 2, generator=generator, device=device)
    x = means.gather(1, labels.unsqueeze(-1).expand(-1, -1, 2)) + point_std * torch.randn(
        batch, n, 2, generator=generator, device=device)
    x = x - torch.quantile(x, 0.5, dim=1, keepdim=True)
    return x, labels


# ---- the project's checkpoint format, version 1 -----------------------------------------------------------------

def read_checkpoint(path):
    b = open(path, "rb").read()
    if b[:8] != b"GFNCPCK1":
        raise ValueError(f"{path}: not a GFNCP checkpoint")
    version, h = struct.unpack("<II", b[8:16])
    header_bytes = b[16:16 + h]
    if version != 1 or struct.unpack("<I", b[16 + h:20 + h])[0] != zlib.crc32(header_bytes):
        raise ValueError(f"{path}: unsupported version or corrupt header")
    header = json.loads(header_bytes)
    if len(b) != 20 + h + header["payloadBytes"] + 32 or hashlib.sha256(b[:-32]).digest() != b[-32:]:
        raise ValueError(f"{path}: truncated or corrupt")
    payload = b[20 + h:-32]
    tensors = {}
    for t in header["tensors"]:
        raw = payload[t["offset"]:t["offset"] + 4 * t["count"]]
        if zlib.crc32(raw) != t["crc32"]:
            raise ValueError(f"{path}: tensor {t['name']} corrupt")
        tensors[t["name"]] = np.frombuffer(raw, "<f4").reshape(t["shape"])
    return header, tensors


def write_checkpoint(path, algorithm, config, state, tensors):
    """tensors: list of (name, float32 array); written to a temporary file, then renamed over path."""
    entries, chunks, offset = [], [], 0
    for name, array in tensors:
        raw = np.ascontiguousarray(array, dtype="<f4").tobytes()
        entries.append({"name": name, "shape": list(array.shape), "offset": offset, "count": int(array.size),
                        "crc32": zlib.crc32(raw)})
        chunks.append(raw)
        offset += len(raw)
    header = json.dumps({"format": "gfncp-checkpoint", "formatVersion": 1, "algorithm": algorithm,
                         "config": config, "state": state, "tensors": entries, "payloadBytes": offset}).encode()
    body = b"GFNCPCK1" + struct.pack("<II", 1, len(header)) + header + struct.pack("<I", zlib.crc32(header)) \
        + b"".join(chunks)
    body += hashlib.sha256(body).digest()
    tmp = f"{path}.tmp"
    with open(tmp, "wb") as f:
        f.write(body)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_weights(model, tensors):
    state = {name[len("model/"):]: torch.from_numpy(v.copy()) for name, v in tensors.items()
             if name.startswith("model/")}
    model.load_state_dict(state)


def model_tensors(model):
    return [("model/" + k, v.detach().float().cpu().numpy()) for k, v in model.state_dict().items()]
