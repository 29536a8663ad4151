#!/usr/bin/env python3
"""Writes autoaugment_ref.json, the torchvision reference values that
data/autoaugment_test.go compares the Go operations against.

Not needed to run the tests: the JSON it writes is checked in. Rerun it only
to regenerate the references (Debian: apt-get install python3-torchvision):

    python3 data/testdata/gen_autoaugment.py > data/testdata/autoaugment_ref.json

Each case applies torchvision.transforms.autoaugment._apply_op, the function
TrivialAugmentWide and RandAugment call, to a uint8 CHW tensor with nearest
interpolation and no fill (so 0), as the policies do by default. The images
are made here from a seeded generator and stored in the JSON too.
"""

import base64
import json
import math
import sys

import numpy
import torch
import torchvision
from torchvision.transforms import InterpolationMode, RandAugment, TrivialAugmentWide
from torchvision.transforms.autoaugment import _apply_op

BINS = 31


def make_image(h, w, seed):
    """A structured image: gradients plus noise in channel 0, full-range
    noise in channel 1, a narrow range in channel 2 (or a flat channel when
    flat is set), so AutoContrast and Equalize have work to do."""
    g = torch.Generator().manual_seed(seed)
    y = torch.arange(h).view(h, 1).float()
    x = torch.arange(w).view(1, w).float()
    c0 = (40 + 150 * (y / max(h - 1, 1)) * (x / max(w - 1, 1)) + torch.randint(0, 20, (h, w), generator=g)).clamp(0, 255)
    c1 = torch.randint(0, 256, (h, w), generator=g).float()
    c2 = (90 + torch.randint(0, 30, (h, w), generator=g)).float()
    return torch.stack([c0, c1, c2]).to(torch.uint8)


def flat_channel(img):
    img = img.clone()
    img[2] = 77
    return img


def b64(t):
    return base64.b64encode(t.contiguous().numpy().tobytes()).decode()


def f32(v):
    """v, a float32 value, written with the fewest digits that read back as
    that float32 (the Go test converts to float32 after parsing)."""
    return float(str(numpy.float32(v)))


def wide_space():
    return TrivialAugmentWide()._augmentation_space(BINS)


def standard_space(h, w):
    return RandAugment()._augmentation_space(BINS, (h, w))


def table(space, op):
    """The op's magnitudes by bin, as doubles; [] for the magnitude-free ops."""
    mags = space[op][0]
    return [float(v) for v in mags.tolist()] if mags.ndim > 0 else []


def tables(space):
    return {op: [f32(v) for v in table(space, op)] for op in space}


def magnitudes(op, h, w):
    """The magnitudes each op is tested at: bins of both spaces, both signs."""
    wide, std = table(wide_space(), op), table(standard_space(h, w), op)
    if not wide:
        return [0.0]
    if op == "Posterize":
        return sorted(set(wide + std))
    if op == "Solarize":
        return [wide[b] for b in (0, 1, 9, 16, 25, 30)]
    mags = sorted({wide[b] for b in (0, 4, 17, 30)} | {std[9]})
    return mags + [-m for m in mags if m != 0]


GEOMETRIC = {"ShearX", "ShearY", "TranslateX", "TranslateY", "Rotate"}


def main():
    # "odd" (odd, not square) takes every op; "square" the geometric ones
    # at a realistic size; "flat" (one flat channel) the others; "large"
    # the histogram ops, which leave images of under 256 pixels alone.
    images = {
        "odd": make_image(13, 10, 1),
        "square": make_image(16, 16, 3),
        "flat": flat_channel(make_image(6, 7, 2)),
        "large": flat_channel(make_image(32, 32, 4)),
        # ShearX by RandAugment's bin 12 (0.12) here puts source
        # coordinates within an ulp of a half: only a fused multiply-add
        # in the grid's matrix product, as torch's BLAS does, matches.
        "tall": make_image(31, 17, 5),
    }
    ops = list(wide_space())
    cases = []
    for name, img in images.items():
        _, h, w = img.shape
        for op in ops:
            if (
                name == "square" and op not in GEOMETRIC
                or name == "flat" and op in GEOMETRIC
                or name == "large" and op not in ("AutoContrast", "Equalize")
                or name == "tall" and op != "ShearX"
            ):
                continue
            mags = magnitudes(op, h, w)
            if name == "tall":
                std = table(standard_space(h, w), op)
                mags = [std[12], -std[12]]
            for m in mags:
                # m is the float32 table value widened to a double, as the
                # policies pass it; f32(m) reads back as the same float32.
                out = _apply_op(img, op, m, interpolation=InterpolationMode.NEAREST, fill=None)
                assert out.dtype == torch.uint8 and out.shape == img.shape
                cases.append({"image": name, "op": op, "magnitude": f32(m), "out": b64(out)})
    # One case a line, so that a regenerated file diffs readably.
    head = json.dumps(
        {
            "generator": "data/testdata/gen_autoaugment.py",
            "torchvision": torchvision.__version__,
            "torch": torch.__version__,
            "images": {n: {"h": i.shape[1], "w": i.shape[2], "pixels": b64(i)} for n, i in images.items()},
            "order": ops,
            "order_standard": list(standard_space(8, 8)),
            "signed_wide": {op: bool(v[1]) for op, v in wide_space().items()},
            "signed_standard": {op: bool(v[1]) for op, v in standard_space(8, 8).items()},
            "wide": tables(wide_space()),
            "standard": {f"{i.shape[1]}x{i.shape[2]}": tables(standard_space(i.shape[1], i.shape[2])) for i in images.values()},
        }
    )
    sys.stdout.write(head[:-1] + ', "cases": [\n')
    sys.stdout.write(",\n".join(json.dumps(c) for c in cases))
    sys.stdout.write("\n]}\n")


if __name__ == "__main__":
    main()
