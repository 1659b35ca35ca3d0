#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Draws a flame graph, as a self-contained SVG, from folded call chains.

Each input line is "outer;inner;...;leaf COUNT" (scripts/perf-kernel.sh
writes them from perf script). A frame's width is its share of the
samples; callers are below their callees. Functions of the module (named
with " [fibdrv]") are drawn in orange, the rest of the kernel in red;
hovering a frame shows its name, samples and share.

Usage: flamegraph.py --title TEXT STACKS > OUT.svg
"""

import argparse
import html
import sys

WIDTH = 1200
FRAME_HEIGHT = 17
MARGIN = 10
TOP = 50
CHAR_WIDTH = 7.0
MIN_WIDTH = 0.5


def read_stacks(path):
    """The tree of call chains: {name: [count, children]}."""
    root = [0, {}]
    with open(path, encoding="utf-8") as stacks:
        for line in stacks:
            chain, _, count = line.rstrip("\n").rpartition(" ")
            if not chain or not count.isdigit():
                continue
            node = root
            node[0] += int(count)
            for name in chain.split(";"):
                node = node[1].setdefault(name, [0, {}])
                node[0] += int(count)
    return root


def depth(node):
    return 1 + max((depth(child) for child in node[1].values()), default=0)


def color(name):
    """A stable colour for the name: orange for the module, red otherwise."""
    shade = sum(map(ord, name)) % 60
    if name.endswith(" [fibdrv]"):
        return f"rgb(240,{140 + shade},40)"
    return f"rgb(220,{60 + shade},{40 + shade // 2})"


def frames(node, total, x, level, out):
    """Appends (x, level, width, name, count) for node's children."""
    for name, child in sorted(node[1].items()):
        width = (WIDTH - 2 * MARGIN) * child[0] / total
        if width >= MIN_WIDTH:
            out.append((x, level, width, name, child[0]))
            frames(child, total, x, level + 1, out)
        x += width


def svg(root, title):
    total = root[0]
    levels = depth(root) - 1
    height = TOP + levels * FRAME_HEIGHT + 2 * MARGIN
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height}" font-family="monospace" font-size="12">',
        f'<rect width="100%" height="100%" fill="#f8f8f0"/>',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15">'
        f"{html.escape(title)}</text>",
        f'<text x="{WIDTH / 2}" y="40" text-anchor="middle">{total} '
        "samples; orange: the module's functions, red: the rest of the "
        "kernel; hover for the figures</text>",
    ]
    cells = []
    frames(root, total, MARGIN, 0, cells)
    for x, level, width, name, count in cells:
        y = height - MARGIN - (level + 1) * FRAME_HEIGHT
        label = f"{name} ({count} samples, {100 * count / total:.2f}%)"
        text = name
        fits = int((width - 4) / CHAR_WIDTH)
        if fits < len(text):
            text = text[: fits - 2] + ".." if fits > 3 else ""
        out.append(
            f'<g><title>{html.escape(label)}</title>'
            f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" '
            f'height="{FRAME_HEIGHT - 1}" fill="{color(name)}" rx="2"/>'
            f'<text x="{x + 3:.1f}" y="{y + FRAME_HEIGHT - 5}">'
            f"{html.escape(text)}</text></g>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", default="flame graph")
    parser.add_argument("stacks")
    args = parser.parse_args()
    root = read_stacks(args.stacks)
    if not root[0]:
        print(f"flamegraph: no samples in {args.stacks}", file=sys.stderr)
        return 1
    sys.stdout.write(svg(root, args.title))
    return 0


if __name__ == "__main__":
    sys.exit(main())
