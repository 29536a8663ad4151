#!/usr/bin/python3
"""Generates soft_ce.safetensors, the soft-target cross-entropy fixture.

Not needed to run the tests: the fixture it writes is committed beside it.
Kept so that the fixture's provenance can be checked and the file remade:

    /usr/bin/python3 vit/testdata/softce/gen_soft_ce.py vit/testdata/softce/soft_ce.safetensors

Needs PyTorch (Debian: apt-get install python3-torch). Everything is
computed in float64 and stored as float32 (labels and counts as int64).

The loss is timm's SoftTargetCrossEntropy,
    torch.sum(-target * F.log_softmax(x, dim=-1), dim=-1).mean(),
and the gradient PyTorch's autograd of it. The targets are
  rows 0-3: timm's mixup_target for 4 labels, lam 0.7, label smoothing 0.1
            (the batch mixed with its flip);
  row 4:    a one-hot target (the soft loss is then the plain cross-entropy);
  row 5:    a random distribution, on logits scaled up (a large logit range);
  row 6:    non-negative weights that sum to 1.3, not 1, so that the exact
            gradient softmax*sum(q) - q differs from softmax - q.
The labels are each image's label of the larger mixing weight (for rows
4-6 the argmax of the target), and top1/top5 count them among PyTorch's
topk of the logits.
"""
import json
import struct
import sys

import torch
import torch.nn.functional as F


def one_hot(x, num_classes, on_value=1.0, off_value=0.0):
    # timm/data/mixup.py
    x = x.long().view(-1, 1)
    return torch.full((x.size()[0], num_classes), off_value, dtype=torch.float64).scatter_(1, x, on_value)


def mixup_target(target, num_classes, lam=1.0, smoothing=0.0):
    # timm/data/mixup.py
    off_value = smoothing / num_classes
    on_value = 1.0 - smoothing + off_value
    y1 = one_hot(target, num_classes, on_value=on_value, off_value=off_value)
    y2 = one_hot(target.flip(0), num_classes, on_value=on_value, off_value=off_value)
    return y1 * lam + y2 * (1.0 - lam)


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors:
        if t.dtype == torch.int64:
            dtype, raw = "I64", t.contiguous().numpy().astype("<i8").tobytes()
        else:
            dtype, raw = "F32", t.to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for raw in blobs:
            f.write(raw)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "soft_ce.safetensors"
    torch.manual_seed(18)
    B, C = 7, 10
    # Logits are stored as float32: round them first so that the Go test
    # starts from exactly the values the reference used.
    logits = (torch.randn(B, C, dtype=torch.float64) * 2).to(torch.float32).to(torch.float64)
    logits[5] = (logits[5] * 15).to(torch.float32).to(torch.float64)

    mix_labels = torch.tensor([3, 7, 7, 1])
    targets = torch.zeros(B, C, dtype=torch.float64)
    targets[0:4] = mixup_target(mix_labels, C, lam=0.7, smoothing=0.1)
    targets[4, 2] = 1.0
    targets[5] = torch.softmax(torch.randn(C, dtype=torch.float64), dim=0)
    w = torch.rand(C, dtype=torch.float64)
    targets[6] = w / w.sum() * 1.3
    targets = targets.to(torch.float32).to(torch.float64)

    labels = torch.cat([mix_labels, targets[4:].argmax(dim=1)])  # lam 0.7 > 0.5: the image's own label

    x = logits.clone().requires_grad_(True)
    loss = torch.sum(-targets * F.log_softmax(x, dim=-1), dim=-1).mean()
    loss.backward()

    top = logits.topk(5, dim=1).indices
    top1 = int((top[:, 0] == labels).sum())
    top5 = int((top == labels[:, None]).any(dim=1).sum())

    write_safetensors(out, [
        ("logits", logits),
        ("targets", targets),
        ("labels", labels.to(torch.int64)),
        ("loss", loss.detach().reshape(1)),
        ("grad", x.grad),
        ("top1", torch.tensor([top1], dtype=torch.int64)),
        ("top5", torch.tensor([top5], dtype=torch.int64)),
    ], {
        "generator": "vit/testdata/softce/gen_soft_ce.py",
        "torch": torch.__version__,
        "loss": "torch.sum(-target * F.log_softmax(x, dim=-1), dim=-1).mean() (timm SoftTargetCrossEntropy), float64",
    })


if __name__ == "__main__":
    main()
