// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * client: reads Fibonacci numbers from /dev/fibonacci, or times the reads.
 *
 *   client [N]          F(0) .. F(N), one classic line each (N = 100)
 *   client -n K         F(K) alone, digits only
 *   client --time ...   CSV of where each read spent its time (--help)
 *
 * Timing reads bypass the module's cache of read results, so that every
 * figure is a computation; --cache lets them use it, to time cached reads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "arith/fib.h"
#include "uapi/fibdrv.h"

#define DEFAULT_DEVICE "/dev/fibonacci"
#define DEFAULT_LAST 100
#define DEFAULT_REPS 5
#define DEFAULT_WARMUP 1
#define MAX_ALGOS 8
#define PROGRESS_NS 2000000000ULL	/* between progress lines */
#define CSV_HEADER "n,algo,user_ns,kernel_compute_ns,kernel_convert_ns," \
	"kernel_copy_ns,syscall_overhead_ns,digits"

struct options {
	const char *device;
	char *algos[MAX_ALGOS];		/* NULL-terminated; none: the default */
	unsigned long long first, last, step, per_decade;
	unsigned long reps, warmup;
	const char *output;
	int cpu;			/* -1: the one we start on */
	bool single, timing, cache, quiet;
};

/* The names of the timing's sources, for --cache's CSV column. */
static const char *const source_names[] = {
	[FIB_SOURCE_COMPUTED] = "computed",
	[FIB_SOURCE_SEQUENTIAL] = "sequential",
	[FIB_SOURCE_CACHED] = "cached",
};

/* One timed read: user space's view and the kernel's. */
struct sample {
	unsigned long long user_ns;
	struct fib_timing kernel;
};

static void print_usage(FILE *out)
{
	fprintf(out,
		"usage: client [-d DEVICE] [-a ALGO] [N]   print F(0) .. F(N) (N = %d)\n"
		"       client [-d DEVICE] [-a ALGO] -n K  print F(K) alone\n"
		"       client --time [OPTION...]          time reads, print CSV\n"
		"\n"
		"ALGO is one of: " FIB_ALGO_NAMES " (the module's default if omitted).\n"
		"\n"
		"Timing mode reads F(n) for each n in a range, with each algorithm,\n"
		"WARMUP times untimed and then REPS times timed, pinned to one CPU.\n"
		"For each (n, algorithm) it prints the repetition with the median\n"
		"user time (the lower middle one when REPS is even) as CSV:\n"
		"  " CSV_HEADER "\n"
		"user_ns is CLOCK_MONOTONIC around read(); the kernel_* parts come\n"
		"from the FIB_IOC_GET_TIMING ioctl (the TSC or ktime_get_ns() in the\n"
		"module: stopwatch.h);\n"
		"syscall_overhead_ns = user_ns - the kernel parts.\n"
		"Every read computes: the files bypass the module's cache of read\n"
		"results (FIB_IOC_SET_CACHE), unless --cache is given.\n"
		"  --from A          first n (default 0)\n"
		"  --to B            last n (default %d)\n"
		"  --step S          every S-th n (default 1)\n"
		"  --per-decade K    instead of --step: K n per power of ten,\n"
		"                    evenly spaced on a log scale (and 0 if A is 0)\n"
		"  --reps R          timed reads per point (default %d)\n"
		"  --warmup W        untimed reads before them (default %d)\n"
		"  -a ALGO[,ALGO..]  algorithms (default: all of them)\n"
		"  --cpu C           pin to CPU C (default: the CPU it starts on)\n"
		"  -o FILE           write the CSV to FILE (default: stdout)\n"
		"  --cache           reads use the cache (the first read of an n\n"
		"                    above %d computes it, the ones after find it)\n"
		"                    and the CSV gains a last column, source:\n"
		"                    computed, sequential or cached\n"
		"  -q, --quiet       no progress lines on stderr\n",
		DEFAULT_LAST, DEFAULT_LAST, DEFAULT_REPS, DEFAULT_WARMUP,
		FIB_REGISTERS_N_MAX);
}

static int parse_ull(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return *s >= '0' && *s <= '9' && !*end && !errno ? 0 : -1;
}

static int parse_ul(const char *s, unsigned long *v)
{
	unsigned long long ull;

	if (parse_ull(s, &ull) || ull > 1000000)
		return -1;
	*v = ull;
	return 0;
}

/* Splits a comma-separated list of algorithm names in place. */
static int parse_algos(char *list, char **algos)
{
	char *save, *name;
	int count = 0;

	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save)) {
		if (count == MAX_ALGOS - 1)
			return -1;
		algos[count++] = name;
	}
	algos[count] = NULL;
	return count ? 0 : -1;
}

/* The names in FIB_ALGO_NAMES: the timing mode's default is all of them. */
static void all_algos(char **algos)
{
	static char names[] = FIB_ALGO_NAMES;
	char *save, *name;
	int count = 0;

	for (name = strtok_r(names, ", ", &save); name && count < MAX_ALGOS - 1;
	     name = strtok_r(NULL, ", ", &save))
		algos[count++] = name;
	algos[count] = NULL;
}

enum { OPT_FROM = 256, OPT_TO, OPT_STEP, OPT_PER_DECADE, OPT_REPS,
	OPT_WARMUP, OPT_CPU, OPT_CACHE };

static int parse_option(int c, char *arg, struct options *o)
{
	unsigned long cpu;

	switch (c) {
	case 'a':
		return parse_algos(arg, o->algos);
	case 'd':
		o->device = arg;
		return 0;
	case 'n':
		o->single = true;
		if (parse_ull(arg, &o->first))
			return -1;
		o->last = o->first;
		return 0;
	case 'o':
		o->output = arg;
		return 0;
	case 'q':
		o->quiet = true;
		return 0;
	case 't':
		o->timing = true;
		return 0;
	case OPT_FROM:
		return parse_ull(arg, &o->first);
	case OPT_TO:
		return parse_ull(arg, &o->last);
	case OPT_STEP:
		return parse_ull(arg, &o->step) || !o->step ? -1 : 0;
	case OPT_PER_DECADE:
		return parse_ull(arg, &o->per_decade) || !o->per_decade ||
		       o->per_decade > 1000 ? -1 : 0;
	case OPT_REPS:
		return parse_ul(arg, &o->reps) || !o->reps ? -1 : 0;
	case OPT_WARMUP:
		return parse_ul(arg, &o->warmup);
	case OPT_CACHE:
		o->cache = true;
		return 0;
	case OPT_CPU:
		if (parse_ul(arg, &cpu) || cpu >= CPU_SETSIZE)
			return -1;
		o->cpu = cpu;
		return 0;
	case 'h':
		print_usage(stdout);
		exit(0);
	}
	return -1;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option long_options[] = {
		{ "time", no_argument, NULL, 't' },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "step", required_argument, NULL, OPT_STEP },
		{ "per-decade", required_argument, NULL, OPT_PER_DECADE },
		{ "reps", required_argument, NULL, OPT_REPS },
		{ "warmup", required_argument, NULL, OPT_WARMUP },
		{ "cpu", required_argument, NULL, OPT_CPU },
		{ "cache", no_argument, NULL, OPT_CACHE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){ .device = DEFAULT_DEVICE, .last = DEFAULT_LAST,
			       .step = 1, .reps = DEFAULT_REPS,
			       .warmup = DEFAULT_WARMUP, .cpu = -1 };
	while ((c = getopt_long(argc, argv, "a:d:n:o:qth", long_options,
				NULL)) != -1)
		if (parse_option(c, optarg, o))
			return -1;
	if (optind < argc && (o->single || o->timing || optind + 1 < argc ||
			      parse_ull(argv[optind], &o->last)))
		return -1;
	if (o->timing) {
		if (o->single || o->last > FIB_N_LIMIT || o->step > FIB_N_LIMIT)
			return -1;
		if (!o->algos[0])
			all_algos(o->algos);
	} else if (o->cache || (o->algos[0] && o->algos[1])) {
		return -1;
	}
	return o->first <= o->last ? 0 : -1;
}

static int open_device(const char *device, const char *algo)
{
	int fd = open(device, algo ? O_RDWR : O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "client: %s: %s\n", device, strerror(errno));
		return -1;
	}
	if (algo && write(fd, algo, strlen(algo)) < 0) {
		fprintf(stderr, "client: algorithm '%s': %s\n", algo,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A file for timing reads with algo. It bypasses the module's cache unless
 * --cache asks for cached reads: a figure found in the cache would time a
 * look-up as if it were the algorithm.
 */
static int open_timing_file(const struct options *o, const char *algo)
{
	__u32 use = o->cache ? FIB_CACHE_USE : FIB_CACHE_BYPASS;
	int fd = open_device(o->device, algo);

	if (fd >= 0 && ioctl(fd, FIB_IOC_SET_CACHE, &use)) {
		fprintf(stderr, "client: %s the cache: %s\n",
			o->cache ? "using" : "bypassing", strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads F(n) into buf, which holds fib_digits_max(n) bytes. */
static ssize_t read_fib(int fd, unsigned long long n, char *buf)
{
	if (lseek(fd, n, SEEK_SET) < 0)
		return -1;
	return read(fd, buf, fib_digits_max(n));
}

static int print_range(const struct options *o)
{
	int fd = open_device(o->device, o->algos[0]);
	char *buf = malloc(fib_digits_max(o->last));
	unsigned long long n;
	ssize_t len = 0;

	if (fd < 0 || !buf) {
		if (!buf)
			perror("client");
		goto out;
	}
	for (n = o->first; n <= o->last; n++) {
		len = read_fib(fd, n, buf);
		if (len < 0) {
			fprintf(stderr, "client: F(%llu) from %s: %s\n", n,
				o->device, strerror(errno));
			break;
		}
		if (o->single)
			printf("%.*s\n", (int)len, buf);
		else
			printf("Reading from %s at offset %llu, returned the sequence %.*s.\n",
			       o->device, n, (int)len, buf);
	}
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	return fd < 0 || !buf || len < 0 ? -1 : 0;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* The n after n: by the step, or the next on the log scale. */
static unsigned long long next_index(const struct options *o,
				     unsigned long long n)
{
	unsigned long long next = n;
	double k;

	if (!o->per_decade)
		return n + o->step;
	if (!n)
		return o->first ? o->first : 1;
	/* The next point of 10^(k/K) that rounds above n. */
	k = ceil(log10(n + 0.5) * o->per_decade);
	while (next <= n)
		next = llround(pow(10, k++ / o->per_decade));
	return next;
}

/* Pins to one CPU, so that migrations do not add to the figures. */
static void pin_cpu(const struct options *o)
{
	int cpu = o->cpu >= 0 ? o->cpu : sched_getcpu();
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (cpu < 0 || sched_setaffinity(0, sizeof(set), &set))
		fprintf(stderr, "client: cannot pin to CPU %d: %s; timing unpinned\n",
			cpu, strerror(errno));
	else if (!o->quiet)
		fprintf(stderr, "client: pinned to CPU %d\n", cpu);
}

/*
 * One read of F(n) at the file's position, timed from both sides; the
 * timing must be this read's, and from the cache only if it may be.
 */
static int timed_read(const struct options *o, int fd, unsigned long long n,
		      char *buf, struct sample *s)
{
	unsigned long long start = now_ns();
	ssize_t len = read(fd, buf, fib_digits_max(n));

	s->user_ns = now_ns() - start;
	if (len < 0 || ioctl(fd, FIB_IOC_GET_TIMING, &s->kernel))
		return -1;
	if (s->kernel.version != FIB_TIMING_VERSION || s->kernel.n != n ||
	    s->kernel.digits != (unsigned long long)len) {
		fprintf(stderr,
			"client: the timing of F(%llu) is of another read: version %u, n %llu, digits %llu\n",
			n, s->kernel.version, (unsigned long long)s->kernel.n,
			(unsigned long long)s->kernel.digits);
		errno = EPROTO;
		return -1;
	}
	if (s->kernel.source >= sizeof(source_names) / sizeof(*source_names) ||
	    (!o->cache && s->kernel.source == FIB_SOURCE_CACHED)) {
		fprintf(stderr,
			"client: F(%llu) has source %u on a file that %s the cache\n",
			n, s->kernel.source, o->cache ? "uses" : "bypasses");
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static int by_user_ns(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	return (x->user_ns > y->user_ns) - (x->user_ns < y->user_ns);
}

static void print_sample(const struct options *o, FILE *out,
			 unsigned long long n, const char *algo,
			 const struct sample *s)
{
	const struct fib_timing *k = &s->kernel;
	long long kernel_ns = k->compute_ns + k->convert_ns + k->copy_ns;

	fprintf(out, "%llu,%s,%llu,%llu,%llu,%llu,%lld,%llu", n, algo,
		s->user_ns, (unsigned long long)k->compute_ns,
		(unsigned long long)k->convert_ns,
		(unsigned long long)k->copy_ns,
		(long long)s->user_ns - kernel_ns,
		(unsigned long long)k->digits);
	if (o->cache)
		fprintf(out, ",%s", source_names[k->source]);
	fputc('\n', out);
}

/* Warm-up and timed reads of F(n) on fd; prints the median one. */
static int time_point(const struct options *o, FILE *out, int fd,
		      unsigned long long n, const char *algo, char *buf,
		      struct sample *samples)
{
	struct sample *s;
	unsigned long i;

	if (lseek(fd, n, SEEK_SET) < 0)
		return -1;
	for (i = 0; i < o->warmup + o->reps; i++) {
		s = &samples[i < o->warmup ? 0 : i - o->warmup];
		/*
		 * A read of n right after n - 1 is one addition, not the
		 * algorithm: read again, which never is.
		 */
		do {
			if (timed_read(o, fd, n, buf, s))
				return -1;
		} while (s->kernel.source == FIB_SOURCE_SEQUENTIAL);
	}
	qsort(samples, o->reps, sizeof(*samples), by_user_ns);
	print_sample(o, out, n, algo, &samples[(o->reps - 1) / 2]);
	return fflush(out);
}

static int time_range(const struct options *o, FILE *out, const int *fds,
		      char *buf, struct sample *samples)
{
	unsigned long long n, last_progress = now_ns();
	int a;

	fprintf(out, "%s\n", o->cache ? CSV_HEADER ",source" : CSV_HEADER);
	for (n = o->first; n <= o->last; n = next_index(o, n)) {
		for (a = 0; o->algos[a]; a++) {
			if (time_point(o, out, fds[a], n, o->algos[a], buf,
				       samples)) {
				fprintf(stderr, "client: F(%llu) with %s: %s\n",
					n, o->algos[a], strerror(errno));
				return -1;
			}
		}
		if (!o->quiet && now_ns() - last_progress > PROGRESS_NS) {
			fprintf(stderr, "client: timed up to n = %llu of %llu\n",
				n, o->last);
			last_progress = now_ns();
		}
	}
	return 0;
}

static int time_reads(const struct options *o)
{
	struct sample *samples = calloc(o->reps, sizeof(*samples));
	char *buf = malloc(fib_digits_max(o->last));
	FILE *out = o->output ? fopen(o->output, "w") : stdout;
	int fds[MAX_ALGOS], count = 0, ret = -1;

	if (!samples || !buf || !out) {
		fprintf(stderr, "client: %s: %s\n",
			out ? "memory" : o->output, strerror(errno));
		goto out;
	}
	for (; o->algos[count]; count++) {
		fds[count] = open_timing_file(o, o->algos[count]);
		if (fds[count] < 0)
			goto out;
	}
	pin_cpu(o);
	ret = time_range(o, out, fds, buf, samples);
out:
	while (count--)
		if (fds[count] >= 0)
			close(fds[count]);
	if (out && out != stdout && fclose(out))
		ret = -1;
	free(buf);
	free(samples);
	return ret;
}

int main(int argc, char **argv)
{
	struct options o;

	if (parse_options(argc, argv, &o)) {
		print_usage(stderr);
		return 2;
	}
	if (o.timing)
		return time_reads(&o) ? 1 : 0;
	return print_range(&o) ? 1 : 0;
}
