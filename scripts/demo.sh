#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The main job, run by `make run` through scripts/in-kernel.sh: loads the
# module, prints F(0..100) and a few large values, and unloads it.

set -eu

insmod ./fibdrv.ko
dmesg | grep 'fibdrv:' | tail -n 1
./client 100
for n in 500 1000 10000; do
	echo "F($n) = $(./client -n $n)"
done
digits=$(./client -n 100000 | tr -d '\n' | wc -c)
echo "F(100000) has $digits digits"
# That read left F(100000) in the module's cache: the next one finds it.
echo "F(100000) again, timed (the source column says where it came from):"
./client --time --cache -q -a decimal --from 100000 --to 100000 \
	--warmup 0 --reps 1
rmmod fibdrv
