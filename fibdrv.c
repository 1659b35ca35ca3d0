// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fibdrv: exact Fibonacci numbers through the character device
 * /dev/fibonacci. The file position is the index n; read() returns F(n) in
 * decimal, write() times the computation of F(n) and may choose the
 * algorithm of this open file, and an ioctl tells where the last read spent
 * its time (uapi/fibdrv.h). Results are shared by all readers through a
 * cache (cache.c). docs/abi.md documents the ABI; the arithmetic lives in
 * arith/.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
/* bit_spinlock.h needs cpu_relax() and does not include it, in 6.12. */
#include <linux/processor.h>
#include <linux/bit_spinlock.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "cache.h"
#include "compat.h"
#include "stopwatch.h"
#include "arith/dec.h"
#include "arith/fib.h"
#include "uapi/fibdrv.h"

#define FIB_DEVICE_NAME "fibonacci"
#define FIB_MAX_N_DEFAULT 100000
/* Longer than any algorithm name, so write() never copies more. */
#define FIB_ALGO_NAME_MAX 16

static u64 max_n = FIB_MAX_N_DEFAULT;
/*
 * Reads of up to this many digits (n up to about 2,400) write them on the
 * stack, not in an allocation of their own.
 */
#define FIB_STACK_DIGITS 512

static int default_algo = FIB_ALGO_DECIMAL;

/*
 * The timing's algo field for each algorithm and for a sequential read,
 * NUL-padded, so that a read copies 16 bytes rather than a string: the
 * names never change after fibdrv_init().
 */
static char fibdrv_timing_names[FIB_ALGO_COUNT][FIB_ALGO_NAME_LEN];
static const char fibdrv_sequential_name[FIB_ALGO_NAME_LEN] =
	FIB_ALGO_SEQUENTIAL;

#define FIBDRV_TIMING_LOCK 0

/* What belongs to one open file; the position is file->f_pos. */
struct fibdrv_file {
	int algo;
	bool use_cache;			/* FIB_IOC_SET_CACHE */
	bool tsc;			/* timed in TSC cycles (stopwatch.h) */
	/*
	 * FIBDRV_TIMING_LOCK guards timing: a bit spinlock, inline, where
	 * spin_lock() and spin_unlock() are two calls, as much again under
	 * emulation as the copy they guard (docs/performance.md).
	 */
	unsigned long timing_lock;
	/*
	 * Of the last read; version 0: none. Its times are in the file's
	 * clock's units until fibdrv_get_timing() turns them into ns.
	 */
	struct fib_timing timing;
	struct mutex pair_lock;		/* guards pair */
	struct fib_pair pair;		/* of the last read; mem NULL: none */
};

static int max_n_set(const char *val, const struct kernel_param *kp)
{
	u64 n;

	if (kstrtoull(val, 0, &n) || n > FIB_N_LIMIT) {
		pr_err("max_n must be an integer from 0 to %d\n", FIB_N_LIMIT);
		return -EINVAL;
	}
	WRITE_ONCE(max_n, n);
	return 0;
}

static const struct kernel_param_ops max_n_ops = {
	.set = max_n_set,
	.get = param_get_ullong,
};

module_param_cb(max_n, &max_n_ops, &max_n, 0644);
MODULE_PARM_DESC(max_n, "largest index served (default "
		 __stringify(FIB_MAX_N_DEFAULT) ", at most "
		 __stringify(FIB_N_LIMIT) ")");

static int algo_set(const char *val, const struct kernel_param *kp)
{
	int algo = fib_algo_parse(val, strlen(val));

	if (algo < 0) {
		pr_err("algo must be one of: " FIB_ALGO_NAMES "\n");
		return -EINVAL;
	}
	WRITE_ONCE(default_algo, algo);
	return 0;
}

static int algo_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n",
			 fib_algo_name(READ_ONCE(default_algo)));
}

static const struct kernel_param_ops algo_ops = {
	.set = algo_set,
	.get = algo_get,
};

module_param_cb(algo, &algo_ops, NULL, 0644);
MODULE_PARM_DESC(algo, "algorithm of newly opened files: " FIB_ALGO_NAMES
		 " (default decimal)");

static int fibdrv_open(struct inode *inode, struct file *file)
{
	struct fibdrv_file *ff = kzalloc(sizeof(*ff), GFP_KERNEL);

	if (!ff)
		return -ENOMEM;
	ff->algo = READ_ONCE(default_algo);
	ff->use_cache = true;
	ff->tsc = fibdrv_stopwatch_tsc();
	mutex_init(&ff->pair_lock);
	file->private_data = ff;
	return 0;
}

static int fibdrv_release(struct inode *inode, struct file *file)
{
	struct fibdrv_file *ff = file->private_data;

	fib_free(&ff->pair);
	mutex_destroy(&ff->pair_lock);
	kfree(ff);
	return 0;
}

/* The index to serve, or -EINVAL if max_n was lowered below it. */
static loff_t fibdrv_index(loff_t pos)
{
	return pos <= READ_ONCE(max_n) ? pos : -EINVAL;
}

/*
 * Takes the file's pair into f when it is F(n - 2), F(n - 1): one addition
 * then gives F(n). Whoever takes it owns it, so concurrent readers of one
 * file never share a pair. f->mem is NULL when there was none to take.
 */
static bool fibdrv_take_pair(struct fibdrv_file *ff, u64 n, struct fib_pair *f)
{
	bool taken = false;

	f->mem = NULL;
	mutex_lock(&ff->pair_lock);
	if (ff->pair.mem && ff->pair.n + 1 == n) {
		*f = ff->pair;
		memset(&ff->pair, 0, sizeof(ff->pair));
		taken = true;
	}
	mutex_unlock(&ff->pair_lock);
	return taken;
}

/* Keeps f in the file for the next read if it is small, else frees it. */
static void fibdrv_keep_pair(struct fibdrv_file *ff, struct fib_pair *f)
{
	if (f->n <= FIB_PAIR_N_MAX) {
		mutex_lock(&ff->pair_lock);
		swap(ff->pair, *f);
		mutex_unlock(&ff->pair_lock);
	}
	fib_free(f);
}

/*
 * F(n - 1) and F(n) into f, by one addition when f holds the pair that
 * fibdrv_take_pair() took, else by the file's algorithm; says how in t's
 * algo and compute_ns, and when it was done in *end.
 */
static int fibdrv_pair_for_read(struct fibdrv_file *ff, u64 n, int algo,
				struct fib_pair *f, struct fib_timing *t,
				u64 *end)
{
	bool sequential = f->mem;
	u64 start;
	int ret;

	memcpy(t->algo, sequential ? fibdrv_sequential_name :
	       fibdrv_timing_names[algo], sizeof(t->algo));
	t->source = sequential ? FIB_SOURCE_SEQUENTIAL : FIB_SOURCE_COMPUTED;
	start = fibdrv_stopwatch_now(ff->tsc);
	ret = sequential ? fib_next(f) : fib_compute_for_read(f, n, algo);
	*end = fibdrv_stopwatch_now(ff->tsc);
	t->compute_ns = *end - start;
	/* fib_compute() leaves nothing to free when it fails. */
	if (ret && sequential)
		fib_free(f);
	return ret;
}

/* Bytes the digits of f's F(n) may take on their way out. */
static size_t fibdrv_digits_size(const struct fib_pair *f)
{
	if (f->rx == RADIX_DEC)
		return dec_dn_size_max(f->cur.size);
	return dec_size_max(f->cur.size);
}

/*
 * The decimal digits of f's F(n) into out: printed as they are in radix
 * 10^19, converted from radix 2^64. The conversion uses its input as
 * scratch, so it gets a copy when f is to be kept.
 */
static long fibdrv_convert(char *out, struct fib_pair *f)
{
	size_t size = f->cur.size;
	limb_t *copy;
	long len;

	if (f->rx == RADIX_DEC)
		return dec_from_dn(out, f->cur.limbs, size);
	if (f->n > FIB_PAIR_N_MAX)
		return dec_from_limbs(out, f->cur.limbs, size);
	copy = port_alloc_array(size + 1, sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, f->cur.limbs, size * sizeof(*copy));
	len = dec_from_limbs(out, copy, size);
	port_free(copy);
	return len;
}

/* Frees what fibdrv_decimal() put in *digits, unless it is the stack's. */
static void fibdrv_digits_free(char *digits, const char *stack)
{
	if (digits != stack)
		port_free(digits);
}

/*
 * F(n) in decimal into *digits, the caller's FIB_STACK_DIGITS bytes at
 * stack or a new buffer, from the pair in f if fibdrv_take_pair() took
 * one; returns its length and puts the time of both steps into t, and the
 * time it ended in *end. f then holds the pair of n, for the caller to
 * keep; on failure, nothing.
 */
static long fibdrv_decimal(struct fibdrv_file *ff, u64 n, int algo,
			   struct fib_pair *f, char *stack, char **digits,
			   struct fib_timing *t, u64 *end)
{
	size_t size;
	u64 start;
	long len;
	int ret;

	ret = fibdrv_pair_for_read(ff, n, algo, f, t, &start);
	if (ret)
		return ret;
	size = fibdrv_digits_size(f);
	*digits = size <= FIB_STACK_DIGITS ? stack : port_alloc_array(size, 1);
	if (!*digits) {
		len = -ENOMEM;
		goto out_free_pair;
	}
	len = fibdrv_convert(*digits, f);
	*end = fibdrv_stopwatch_now(ff->tsc);
	t->convert_ns = *end - start;
	if (len < 0) {
		fibdrv_digits_free(*digits, stack);
		goto out_free_pair;
	}
	return len;
out_free_pair:
	fib_free(f);
	return len;
}

/*
 * Digits up to this many, F(186)'s at most, go to user space a word at a
 * time (fibdrv_put_digits()).
 */
#define FIB_INLINE_COPY_MAX DEC_U128_DIGITS_MAX

/*
 * digits[0..len) to buf. For a small read, copy_to_user() costs as much as
 * the read's own work under emulation: a call, hardened usercopy's check
 * of the kernel side (every caller's buffer holds len digits), and a
 * string instruction. The seven stores at most that replace them are
 * checked against buf as copy_to_user() checks it.
 */
static __always_inline int fibdrv_put_digits(char __user *buf,
					     const char *digits, long len)
{
	if (len > FIB_INLINE_COPY_MAX)
		return copy_to_user(buf, digits, len) ? -EFAULT : 0;
	if (!user_access_begin(buf, len))
		return -EFAULT;
	unsafe_copy_to_user(buf, digits, len, efault);
	user_access_end();
	return 0;
efault:
	user_access_end();
	return -EFAULT;
}

/*
 * The end of every read: digits[0..len) to buf, the copy timed from start
 * (when the digits were ready), and t recorded as the file's last read.
 * Inline, as are the two functions around it on a small read's way: under
 * emulation a call and its return cost as much as a dozen digits printed.
 */
static __always_inline ssize_t
fibdrv_deliver(struct fibdrv_file *ff, char __user *buf, size_t count,
	       const char *digits, long len, struct fib_timing *t, u64 start)
{
	int ret;

	if (len > count)
		return -ERANGE;
	ret = fibdrv_put_digits(buf, digits, len);
	if (ret)
		return ret;
	t->copy_ns = fibdrv_stopwatch_now(ff->tsc) - start;
	t->digits = len;
	bit_spin_lock(FIBDRV_TIMING_LOCK, &ff->timing_lock);
	ff->timing = *t;
	bit_spin_unlock(FIBDRV_TIMING_LOCK, &ff->timing_lock);
	return len;
}

/*
 * n <= FIB_SMALL_N_MAX: F(n) in registers, as every algorithm computes it,
 * and its digits on the stack. No allocation, no lock but the timing's,
 * and no pair to keep: the registers cost less than the addition it would
 * save, so these reads are never sequential.
 */
static __always_inline ssize_t
fibdrv_read_small(struct fibdrv_file *ff, char __user *buf, size_t count,
		  int algo, struct fib_timing *t)
{
	char digits[DEC_U128_DIGITS_MAX] __uninitialized;
	u64 start, mid, end;
	limb_t v[2];
	long len;

	memcpy(t->algo, fibdrv_timing_names[algo], sizeof(t->algo));
	t->source = FIB_SOURCE_COMPUTED;
	start = fibdrv_stopwatch_now(ff->tsc);
	fib_small_value(t->n, v);
	mid = fibdrv_stopwatch_now(ff->tsc);
	len = dec_from_u128(digits, v[0], v[1]);
	end = fibdrv_stopwatch_now(ff->tsc);
	t->compute_ns = mid - start;
	t->convert_ns = end - mid;
	return fibdrv_deliver(ff, buf, count, digits, len, t, end);
}

/*
 * F(n) computed by this read, for the readers waiting on flight too when
 * there is one. Handing the result to the cache is not the read's own
 * work, nor is keeping the pair for the next read: the copy is timed from
 * after the one and before the other.
 */
static ssize_t fibdrv_read_computed(struct fibdrv_file *ff, char __user *buf,
				    size_t count, u64 n, int algo,
				    struct fib_pair *f, struct fib_timing *t,
				    struct fibdrv_entry *flight)
{
	char stack[FIB_STACK_DIGITS] __uninitialized, *digits = NULL;
	ssize_t ret;
	u64 end;
	long len;

	len = fibdrv_decimal(ff, n, algo, f, stack, &digits, t, &end);
	if (flight) {
		fibdrv_cache_finish(flight, digits, len, algo);
		end = fibdrv_stopwatch_now(ff->tsc);
	}
	if (len < 0)
		return len;
	ret = fibdrv_deliver(ff, buf, count, digits, len, t, end);
	fibdrv_keep_pair(ff, f);
	fibdrv_digits_free(digits, stack);
	return ret;
}

/*
 * F(n) from the cache, or computed once for every reader that asks for it
 * meanwhile. A cached read's compute_ns is the time it took to find the
 * digits, waiting included, and its algo the one that computed them.
 */
static ssize_t fibdrv_read_cached(struct fibdrv_file *ff, char __user *buf,
				  size_t count, u64 n, int algo,
				  struct fib_pair *f, struct fib_timing *t)
{
	struct fibdrv_entry *entry, *flight;
	u64 start, end;
	ssize_t ret;

	start = fibdrv_stopwatch_now(ff->tsc);
	entry = fibdrv_cache_get(n, &flight);
	if (IS_ERR(entry))
		return PTR_ERR(entry);
	if (!entry)
		return fibdrv_read_computed(ff, buf, count, n, algo, f, t,
					    flight);
	end = fibdrv_stopwatch_now(ff->tsc);
	memcpy(t->algo, fibdrv_timing_names[entry->algo], sizeof(t->algo));
	t->source = FIB_SOURCE_CACHED;
	t->compute_ns = end - start;
	t->convert_ns = 0;
	ret = fibdrv_deliver(ff, buf, count, entry->digits, entry->len, t, end);
	fibdrv_cache_put(entry);
	return ret;
}

/*
 * Sequential reads never use the cache: one addition costs less than
 * keeping every F(n) of a walk, which would push out the results that
 * were expensive to compute.
 */
static ssize_t fibdrv_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	struct fibdrv_file *ff = file->private_data;
	loff_t n = fibdrv_index(*ppos);
	int algo = READ_ONCE(ff->algo);
	/*
	 * Written before they are read, every field of t on the way to
	 * fibdrv_deliver(): not worth clearing on every call. f is filled by
	 * fibdrv_take_pair().
	 */
	struct fib_timing t __uninitialized;
	struct fib_pair f __uninitialized;

	if (n < 0)
		return n;
	t.version = FIB_TIMING_VERSION;
	t.reserved = 0;
	t.reserved2 = 0;
	t.n = n;
	if (n <= FIB_SMALL_N_MAX)
		return fibdrv_read_small(ff, buf, count, algo, &t);
	if (!fibdrv_take_pair(ff, n, &f) && READ_ONCE(ff->use_cache) &&
	    fibdrv_cache_enabled())
		return fibdrv_read_cached(ff, buf, count, n, algo, &f, &t);
	return fibdrv_read_computed(ff, buf, count, n, algo, &f, &t, NULL);
}

/*
 * The algorithm named in buf into *algo; len 0 leaves it as it is (the
 * file's).
 */
static int fibdrv_choose_algo(const char __user *buf, size_t len, int *algo)
{
	char name[FIB_ALGO_NAME_MAX];
	int ret;

	if (!len)
		return 0;
	if (len > sizeof(name))
		return -EINVAL;
	if (copy_from_user(name, buf, len))
		return -EFAULT;
	ret = fib_algo_parse(name, len);
	if (ret < 0)
		return ret;
	*algo = ret;
	return 0;
}

/*
 * The classic fibdrv convention: write() returns the compute time in ns.
 * A write that names an algorithm switches the file to it only when it
 * succeeds: a failed one changes nothing.
 */
static ssize_t fibdrv_write(struct file *file, const char __user *buf,
			    size_t len, loff_t *ppos)
{
	struct fibdrv_file *ff = file->private_data;
	int algo = READ_ONCE(ff->algo);
	loff_t n = fibdrv_index(*ppos);
	struct fib_pair f;
	u64 start, ns;
	int ret;

	ret = fibdrv_choose_algo(buf, len, &algo);
	if (ret)
		return ret;
	if (n < 0)
		return n;
	start = fibdrv_stopwatch_now(ff->tsc);
	ret = fib_compute_for_read(&f, n, algo);
	ns = fibdrv_stopwatch_now(ff->tsc) - start;
	if (ret)
		return ret;
	fib_free(&f);
	WRITE_ONCE(ff->algo, algo);
	return fibdrv_stopwatch_ns(ff->tsc, ns);
}

/*
 * SEEK_SET, SEEK_CUR and SEEK_END (relative to max_n) select an index;
 * anything outside 0..max_n is refused rather than clamped.
 */
static loff_t fibdrv_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t limit = READ_ONCE(max_n), base, pos;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = limit;
		break;
	default:
		return -EINVAL;
	}
	if (check_add_overflow(base, offset, &pos) || pos < 0 || pos > limit)
		return -EINVAL;
	file->f_pos = pos;
	return pos;
}

/*
 * The last read's timing, as the version the command names: a program
 * built for version 1 gets its 64 bytes, marked version 1.
 */
static long fibdrv_get_timing(struct fibdrv_file *ff, void __user *arg,
			      size_t size)
{
	struct fib_timing t;

	bit_spin_lock(FIBDRV_TIMING_LOCK, &ff->timing_lock);
	t = ff->timing;
	bit_spin_unlock(FIBDRV_TIMING_LOCK, &ff->timing_lock);
	if (!t.version)
		return -ENODATA;
	t.compute_ns = fibdrv_stopwatch_ns(ff->tsc, t.compute_ns);
	t.convert_ns = fibdrv_stopwatch_ns(ff->tsc, t.convert_ns);
	t.copy_ns = fibdrv_stopwatch_ns(ff->tsc, t.copy_ns);
	if (size == FIB_TIMING_V1_SIZE)
		t.version = 1;
	if (copy_to_user(arg, &t, size))
		return -EFAULT;
	return 0;
}

static long fibdrv_set_cache(struct fibdrv_file *ff, const void __user *arg)
{
	u32 use;

	if (copy_from_user(&use, arg, sizeof(use)))
		return -EFAULT;
	if (use != FIB_CACHE_BYPASS && use != FIB_CACHE_USE)
		return -EINVAL;
	WRITE_ONCE(ff->use_cache, use == FIB_CACHE_USE);
	return 0;
}

/* Unknown commands are ENOTTY, as ioctl(2) says. */
static long fibdrv_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct fibdrv_file *ff = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case FIB_IOC_GET_TIMING:
		return fibdrv_get_timing(ff, uarg, sizeof(struct fib_timing));
	case FIB_IOC_GET_TIMING_V1:
		return fibdrv_get_timing(ff, uarg, FIB_TIMING_V1_SIZE);
	case FIB_IOC_SET_CACHE:
		return fibdrv_set_cache(ff, uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations fibdrv_fops = {
	.owner = THIS_MODULE,
	.open = fibdrv_open,
	.release = fibdrv_release,
	.read = fibdrv_read,
	.write = fibdrv_write,
	.llseek = fibdrv_llseek,
	.unlocked_ioctl = fibdrv_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice fibdrv_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = FIB_DEVICE_NAME,
	.fops = &fibdrv_fops,
	.mode = 0666,
};

static int __init fibdrv_init(void)
{
	int ret, algo;

	/* The layout is ABI: 32-bit and 64-bit programs must agree on it. */
	BUILD_BUG_ON(sizeof(struct fib_timing) != 72);
	BUILD_BUG_ON(offsetof(struct fib_timing, source) != FIB_TIMING_V1_SIZE);
	BUILD_BUG_ON(FIB_REGISTERS_N_MAX != FIB_SMALL_N_MAX);
	for (algo = 0; algo < FIB_ALGO_COUNT; algo++)
		strscpy_pad(fibdrv_timing_names[algo], fib_algo_name(algo),
			    FIB_ALGO_NAME_LEN);
	ret = fibdrv_cache_init();
	if (ret) {
		pr_err("cannot set up the cache: %d\n", ret);
		return ret;
	}
	ret = misc_register(&fibdrv_misc);
	if (ret) {
		pr_err("cannot register /dev/" FIB_DEVICE_NAME ": %d\n", ret);
		goto out_cache;
	}
	pr_info("/dev/" FIB_DEVICE_NAME " ready, max_n=%llu, algo=%s\n",
		READ_ONCE(max_n), fib_algo_name(READ_ONCE(default_algo)));
	return 0;
out_cache:
	fibdrv_cache_exit();
	return ret;
}

static void __exit fibdrv_exit(void)
{
	misc_deregister(&fibdrv_misc);
	fibdrv_cache_exit();
}

module_init(fibdrv_init);
module_exit(fibdrv_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("fibdrv developers");
MODULE_DESCRIPTION("Exact Fibonacci numbers through /dev/" FIB_DEVICE_NAME);
MODULE_VERSION("0.1.0");

/*
 * The arithmetic compiles into this object: kbuild cannot link a module
 * named fibdrv from an object of the same name plus others, and the
 * character device keeps the module's name.
 */
#include "cache.c"
#include "arith/bn.c"
#include "arith/dn.c"
#include "arith/mul.c"
#include "arith/ntt.c"
#include "arith/bnm1.c"
#include "arith/div.c"
#include "arith/dec_srt.c"
#include "arith/dec.c"
#include "arith/fib.c"
