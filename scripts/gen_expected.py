#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR MIT
"""Writes what `client 100` must print, computed with Python's integers.

Independent of the project's C arithmetic, so that scripts/expected.txt
checks it. Usage: scripts/gen_expected.py [LAST] > scripts/expected.txt
"""
import sys


def fibonacci(last):
    a, b = 0, 1
    for _ in range(last + 1):
        yield a
        a, b = b, a + b


def main():
    last = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    for n, value in enumerate(fibonacci(last)):
        print(f"Reading from /dev/fibonacci at offset {n}, "
              f"returned the sequence {value}.")


if __name__ == "__main__":
    main()
