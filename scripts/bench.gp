# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Draws the CSV of `make bench` (bench/bench.c) on log-log axes:
#
#   gnuplot -e "csv='FILE'; out='PNG'; machine='TEXT'" scripts/bench.gp
#
# Left: F(n) in decimal, the project's two radices against GMP, with both
# parts. Right: computing F(n) with each algorithm. A missing (skipped)
# time is 0 in the CSV and is left out.

if (!exists("csv") || !exists("out")) {
	print "bench.gp: run as"
	print "  gnuplot -e \"csv='FILE'; out='PNG'; machine='TEXT'\" scripts/bench.gp"
	exit status 2
}
if (!exists("machine")) {
	machine = "machine not given"
}

set datafile separator ","
set terminal pngcairo size 1400,560 font ",10"
set output out
set logscale xy
set format x "10^{%T}"
set format y "10^{%T}"
set xlabel "n"
set ylabel "seconds (best of >= 5 runs)"
set key top left
set grid
# Zero means not measured: off the log scale.
t(c) = column(c) > 0 ? column(c) / 1e9 : NaN

set multiplot layout 1,2 title "fibdrv's arithmetic in user space against GMP: " . machine
set title "F(n) in decimal"
plot csv skip 1 using 1:(t(11) + t(12)) with linespoints lw 2 title "decimal: compute in radix 10^{19} + print", \
     csv skip 1 using 1:(t(2) + t(3)) with linespoints lw 2 title "doubling: compute in radix 2^{64} + convert", \
     csv skip 1 using 1:(t(4) + t(5)) with linespoints lw 2 title "GMP: mpz\\_fib\\_ui + mpz\\_get\\_str", \
     csv skip 1 using 1:(t(12)) with linespoints dt 2 title "decimal: print", \
     csv skip 1 using 1:(t(3)) with linespoints dt 2 title "doubling: convert", \
     csv skip 1 using 1:(t(5)) with linespoints dt 2 title "GMP: mpz\\_get\\_str"
set title "Computing F(n), by algorithm"
plot csv skip 1 using 1:(t(6)) with linespoints lw 2 title "iterative", \
     csv skip 1 using 1:(t(7)) with linespoints lw 2 title "doubling-basic (schoolbook squares)", \
     csv skip 1 using 1:(t(8)) with linespoints lw 2 title "doubling", \
     csv skip 1 using 1:(t(11)) with linespoints lw 2 title "decimal", \
     csv skip 1 using 1:(t(4)) with linespoints dt 2 title "GMP mpz\\_fib\\_ui", \
     csv skip 1 using 1:(t(9)) with linespoints dt 3 title "fib\\_next in radix 2^{64}", \
     csv skip 1 using 1:(t(13)) with linespoints dt 3 title "fib\\_next in radix 10^{19}"
unset multiplot
