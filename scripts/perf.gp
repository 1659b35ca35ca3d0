# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Draws the top functions of each profile of scripts/perf.sh, their share
# of the arithmetic's samples in the kernel against user space:
#
#   gnuplot -e "data='FILE'; names='A-N ...'; out='PNG'; machine='TEXT'" scripts/perf.gp
#
# FILE holds one block per profile (in the order of names), separated by
# two blank lines, of "function kernel_share user_share" lines.

n = words(names)
cols = n < 3 ? n : 3
rows = (n + cols - 1) / cols
set terminal pngcairo noenhanced font "sans,10" size 520 * cols, 420 * rows + 60
set output out
set multiplot layout rows, cols title \
	"fibdrv: share of the arithmetic's samples per function, kernel against user space\n" . machine
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set yrange [0:100]
set ylabel "% of the arithmetic's samples"
set xtics rotate by -35 left font ",8" nomirror
set key top right
set grid ytics
do for [i = 1:n] {
	set title word(names, i)
	plot data index (i - 1) using 2:xtic(1) lc rgb "#dd8452" title "kernel (fibdrv)", \
		'' index (i - 1) using 3 lc rgb "#4c72b0" title "user space (bench -p)"
}
unset multiplot
