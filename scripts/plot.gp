# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Draws charts of the CSV that `client --time` prints:
#
#   gnuplot -e "datadir='DIR'; outdir='OUT'; machine='TEXT'" scripts/plot.gp
#
# DIR/small.csv (n = 0..100) gives OUT/small-breakdown.png, the time of a
# read split into compute, convert (print for decimal), copy and syscall
# overhead, one panel per algorithm. DIR/large.csv (log-spaced n) gives
# OUT/algorithms.png, the algorithms against each other, and
# OUT/user-vs-kernel.png, the time seen in user space against the time
# spent in the kernel. machine, which says where the data was measured,
# goes into every title. The algorithms are the names found in the data,
# in the order they first appear.

if (!exists("datadir")) {
	print "plot.gp: datadir is not set; run as"
	print "  gnuplot -e \"datadir='DIR'; outdir='OUT'; machine='TEXT'\" scripts/plot.gp"
	exit status 2
}
if (!exists("outdir")) {
	print "plot.gp: outdir is not set; run as"
	print "  gnuplot -e \"datadir='DIR'; outdir='OUT'; machine='TEXT'\" scripts/plot.gp"
	exit status 2
}
if (!exists("machine") || machine eq "") {
	print "plot.gp: machine is not set; the titles will say so"
	machine = "machine not given"
}

# An array, not a loop over words, which would split a datadir with spaces.
small = datadir . "/small.csv"
large = datadir . "/large.csv"
array file[2] = [small, large]

# Columns of the CSV, so that the plots below say what they use.
C_N = 1; C_ALGO = 2; C_USER = 3; C_COMPUTE = 4; C_CONVERT = 5; C_COPY = 6
C_OVERHEAD = 7; C_DIGITS = 8
HEADER = "n,algo,user_ns,kernel_compute_ns,kernel_convert_ns,kernel_copy_ns,syscall_overhead_ns,digits"

# shq(s): s for use inside '...' in a shell command (' becomes '\'').
shq(s) = strstrt(s, "'") == 0 ? s : \
	s[1:strstrt(s, "'") - 1] . "'\\''" . shq(s[strstrt(s, "'") + 1:])

set datafile separator ','

# Any other CSV would be plotted as nonsense without complaint; columns
# added at the end later would do no harm. head also says plainly when a
# file is missing, which gnuplot only warns about.
do for [k = 1:2] {
	header = system("head -n 1 -- '" . shq(file[k]) . "' | tr -d '\\r'")
	if (header[1:strlen(HEADER)] ne HEADER) {
		print "plot.gp: " . file[k] . " does not start with the client --time header"
		print "  expected: " . HEADER
		print "  found:    " . header
		exit status 2
	}
}

# The algorithms are the distinct names in the algo column, in the order
# they first appear, kept space-separated in small_algos and large_algos.
do for [k = 1:2] {
	found = ""
	stats file[k] every ::1 using (name = strcol(C_ALGO), \
		strstrt(" " . found, " " . name . " ") == 0 ? found = found . name . " " : 0, 0) nooutput
	if (words(found) == 0) {
		print "plot.gp: " . file[k] . " has no data rows"
		exit status 2
	}
	if (k == 1) { small_algos = found } else { large_algos = found }
}

# A line through rows of one algorithm breaks at every row of another when
# those rows are NaN, so each algorithm's rows are copied into datablocks
# $s1, $s2 ... (small) and $l1, $l2 ... (large) first, with columns:
D_N = 1; D_USER = 2; D_COMPUTE = 3; D_CONVERT = 4; D_COPY = 5; D_OVERHEAD = 6
do for [i = 1:words(small_algos)] {
	a = word(small_algos, i)
	eval sprintf("set table $s%d separator comma", i)
	plot small every ::1 using C_N:C_USER:C_COMPUTE:C_CONVERT:C_COPY:C_OVERHEAD \
		with table if (strcol(C_ALGO) eq a)
	unset table
}
do for [i = 1:words(large_algos)] {
	a = word(large_algos, i)
	eval sprintf("set table $l%d separator comma", i)
	plot large every ::1 using C_N:C_USER:C_COMPUTE:C_CONVERT:C_COPY:C_OVERHEAD \
		with table if (strcol(C_ALGO) eq a)
	unset table
}
sdata(i) = sprintf("$s%d", i)
ldata(i) = sprintf("$l%d", i)

# Log axes cannot show 0 (n = 0, or a time below the clock's resolution).
pos(x) = x > 0 ? x : NaN
# (gnuplot functions need an argument, hence the unused one.)
kernel_ns(unused) = column(D_COMPUTE) + column(D_CONVERT) + column(D_COPY)

# Saves the caller a mkdir; set output says so if this fails.
dummy = system("mkdir -p -- '" . shq(outdir) . "'")

# Titles hold machine and algorithm names verbatim: "x86_64" must not
# become a subscript, so no enhanced text anywhere.
set encoding utf8
set micro
# (Setting the terminal again resets what it is not told, hence @term.)
term = 'pngcairo noenhanced font "sans,11" linewidth 1.5'

set grid back lc rgb "#dddddd"
set key opaque box lc rgb "#bbbbbb"

# 1. small-breakdown.png ----------------------------------------------------

# Every panel gets the same y range so that their heights compare.
stats small every ::1 using (column(C_COMPUTE) + column(C_CONVERT) + \
	column(C_COPY) + column(C_OVERHEAD)) name "STACK" nooutput
stats small every ::1 using C_USER name "USER" nooutput
ymax = STACK_max > USER_max ? STACK_max : USER_max
# Slow machines (an emulated VM) reach hundreds of µs even at n = 100.
if (ymax > 100000) { unit = 1e3; uname = "µs" } else { unit = 1; uname = "ns" }

n_algos = words(small_algos)
cols = n_algos < 3 ? n_algos : 3
rows = (n_algos + cols - 1) / cols
set terminal @term size 560 * cols + 40, 460 * rows + 60
set output outdir . "/small-breakdown.png"
set multiplot layout rows, cols title \
	"Time of one read() of F(n), split into its parts, n = 0..100\n" . machine

set xrange [0:100]
# Headroom above the data keeps the key clear of it, however flat it is.
set yrange [0:ymax * 1.4 / unit]
set xlabel "n (index read)"
set ylabel "time per read (" . uname . ")"
set key top left
set style fill solid 0.75 noborder

do for [i = 1:n_algos] {
	set title word(small_algos, i)
	plot sdata(i) using D_N:(0):(column(D_COMPUTE) / unit) \
			with filledcurves lc rgb "#4c72b0" title "kernel: compute F(n)", \
		'' using D_N:(column(D_COMPUTE) / unit): \
			((column(D_COMPUTE) + column(D_CONVERT)) / unit) \
			with filledcurves lc rgb "#55a868" title "kernel: convert to decimal (decimal: print)", \
		'' using D_N:((column(D_COMPUTE) + column(D_CONVERT)) / unit): \
			((column(D_COMPUTE) + column(D_CONVERT) + column(D_COPY)) / unit) \
			with filledcurves lc rgb "#c44e52" title "kernel: copy_to_user", \
		'' using D_N:((column(D_COMPUTE) + column(D_CONVERT) + column(D_COPY)) / unit): \
			((column(D_COMPUTE) + column(D_CONVERT) + column(D_COPY) + \
			  column(D_OVERHEAD)) / unit) \
			with filledcurves lc rgb "#8172b2" title "syscall overhead (user − kernel)", \
		'' using D_N:(column(D_USER) / unit) \
			with lines lc rgb "black" lw 1 title "user-space total"
}
unset multiplot
unset title

# 2. algorithms.png ---------------------------------------------------------

# Times in seconds, so that the ticks read 10 µs, 1 ms ... with SI prefixes.
set terminal @term size 1100, 750
set output outdir . "/algorithms.png"
set title "Fibonacci algorithms: time of one read() of F(n)\n" . machine
set logscale xy
set autoscale
set format x "%.0s%c"
set format y "%.0s %cs"
set xlabel "n (index read, log scale)"
set ylabel "time per read (log scale)"
set key top left
set xtics 10
set ytics 10
set mxtics 10
set mytics 10

plot for [i = 1:words(large_algos)] ldata(i) \
		using (pos(column(D_N))):(pos(column(D_USER)) / 1e9) \
		with linespoints lc i pt 7 ps 0.7 dt 1 \
		title word(large_algos, i) . ": read() as seen in user space", \
	for [i = 1:words(large_algos)] ldata(i) \
		using (pos(column(D_N))):(pos(column(D_COMPUTE)) / 1e9) \
		with lines lc i dt 2 \
		title word(large_algos, i) . ": kernel compute only"

# 3. user-vs-kernel.png -----------------------------------------------------

# The top panel shows both totals; on log axes their gap vanishes at large
# n, so the bottom panel shows the overhead's share, which makes plain where
# it matters.
set terminal @term size 1100, 950
set output outdir . "/user-vs-kernel.png"
set multiplot title "Time seen in user space vs time spent in the kernel, per read()\n" . machine

set lmargin at screen 0.1
set rmargin at screen 0.96
set origin 0, 0.36
set size 1, 0.58
set tmargin 1
set bmargin 0
unset title
set format x ""
set xlabel ""
set style fill transparent solid 0.15 noborder
set key top left
plot for [i = 1:words(large_algos)] ldata(i) \
		using (pos(column(D_N))):(pos(kernel_ns(0)) / 1e9):(pos(column(D_USER)) / 1e9) \
		with filledcurves lc i notitle, \
	for [i = 1:words(large_algos)] ldata(i) \
		using (pos(column(D_N))):(pos(column(D_USER)) / 1e9) \
		with linespoints lc i pt 7 ps 0.6 dt 1 \
		title word(large_algos, i) . ": user (clock_gettime around read)", \
	for [i = 1:words(large_algos)] ldata(i) \
		using (pos(column(D_N))):(pos(kernel_ns(0)) / 1e9) \
		with lines lc i dt 2 \
		title word(large_algos, i) . ": kernel (compute + convert + copy)", \
	keyentry with filledcurves lc rgb "#aaaaaa" \
		title "shaded gap: syscall overhead (user − kernel)"

set origin 0, 0.0
set size 1, 0.36
set tmargin 1
set bmargin 4
unset logscale y
set yrange [0:100]
set format y "%g %%"
set format x "%.0s%c"
set mytics 2
set xlabel "n (index read, log scale)"
set ylabel "syscall overhead\n(% of user time)"
set key top right
plot for [i = 1:words(large_algos)] ldata(i) \
		using (pos(column(D_N))):(column(D_USER) > 0 ? \
			100.0 * column(D_OVERHEAD) / column(D_USER) : NaN) \
		with linespoints lc i pt 7 ps 0.6 title word(large_algos, i)
unset multiplot
set output
