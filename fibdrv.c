// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * fibdrv: exact Fibonacci numbers through the character device
 * /dev/fibonacci. The file position is the index n; read() returns F(n) in
 * decimal, write() times the computation of F(n) and may choose the
 * algorithm of this open file, and an ioctl tells where the last read spent
 * its time (uapi/fibdrv.h). README.md documents the ABI; the arithmetic
 * lives in arith/.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "arith/dec.h"
#include "arith/fib.h"
#include "uapi/fibdrv.h"

#define FIB_DEVICE_NAME "fibonacci"
#define FIB_MAX_N_DEFAULT 100000
/* Longer than any algorithm name, so write() never copies more. */
#define FIB_ALGO_NAME_MAX 16

static u64 max_n = FIB_MAX_N_DEFAULT;
/*
 * An open file keeps the pair of its last read up to this n, about 17 KB,
 * so that reading n + 1 next costs one addition. Above it the saving is
 * small next to the decimal conversion, and not worth pinning the memory.
 */
#define FIB_KEEP_N_MAX 100000

static int default_algo = FIB_ALGO_DOUBLING;

/* What belongs to one open file; the position is file->f_pos. */
struct fib_file {
	int algo;
	spinlock_t lock;		/* guards timing */
	struct fib_timing timing;	/* of the last read; version 0: none */
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
		 " (default doubling)");

static int fib_open(struct inode *inode, struct file *file)
{
	struct fib_file *ff = kzalloc(sizeof(*ff), GFP_KERNEL);

	if (!ff)
		return -ENOMEM;
	ff->algo = READ_ONCE(default_algo);
	spin_lock_init(&ff->lock);
	mutex_init(&ff->pair_lock);
	file->private_data = ff;
	return 0;
}

static int fib_release(struct inode *inode, struct file *file)
{
	struct fib_file *ff = file->private_data;

	fib_free(&ff->pair);
	mutex_destroy(&ff->pair_lock);
	kfree(ff);
	return 0;
}

/* The index to serve, or -EINVAL if max_n was lowered below it. */
static loff_t fib_index(loff_t pos)
{
	return pos <= READ_ONCE(max_n) ? pos : -EINVAL;
}

/*
 * F(n) into f, with the time that took in *ns; with F(n - 1) too when the
 * file would keep the pair.
 */
static int fib_timed_compute(struct fib_pair *f, u64 n, int algo, u64 *ns)
{
	u64 start = ktime_get_ns();
	int ret = n <= FIB_KEEP_N_MAX ? fib_compute(f, n, algo) :
		  fib_compute_value(f, n, algo);

	*ns = ktime_get_ns() - start;
	return ret;
}

/*
 * Takes the file's pair when it is F(n - 2), F(n - 1): one addition then
 * gives F(n). Whoever takes it owns it, so concurrent readers of one file
 * never share a pair.
 */
static bool fib_take_pair(struct fib_file *ff, u64 n, struct fib_pair *f)
{
	bool taken = false;

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
static void fib_keep_pair(struct fib_file *ff, struct fib_pair *f)
{
	if (f->n <= FIB_KEEP_N_MAX) {
		mutex_lock(&ff->pair_lock);
		swap(ff->pair, *f);
		mutex_unlock(&ff->pair_lock);
	}
	fib_free(f);
}

/*
 * F(n - 1) and F(n) into f, from the file's last read when it can; says
 * how in t's algo and compute_ns.
 */
static int fib_pair_for_read(struct fib_file *ff, u64 n, int algo,
			     struct fib_pair *f, struct fib_timing *t)
{
	u64 start;
	int ret;

	if (!fib_take_pair(ff, n, f)) {
		strscpy(t->algo, fib_algo_name(algo), sizeof(t->algo));
		return fib_timed_compute(f, n, algo, &t->compute_ns);
	}
	strscpy(t->algo, FIB_ALGO_SEQUENTIAL, sizeof(t->algo));
	start = ktime_get_ns();
	ret = fib_next(f);
	t->compute_ns = ktime_get_ns() - start;
	if (ret)
		fib_free(f);
	return ret;
}

/*
 * The decimal digits of f's F(n) into out; f stays whole when it is to be
 * kept, as dec_from_limbs() uses its input as scratch.
 */
static long fib_convert(char *out, struct fib_pair *f)
{
	size_t size = f->cur.size;
	limb_t *copy;
	long len;

	if (f->n > FIB_KEEP_N_MAX)
		return dec_from_limbs(out, f->cur.limbs, size);
	copy = port_alloc_array(size + 1, sizeof(*copy));
	if (!copy)
		return -ENOMEM;
	memcpy(copy, f->cur.limbs, size * sizeof(*copy));
	len = dec_from_limbs(out, copy, size);
	port_free(copy);
	return len;
}

/*
 * F(n) in decimal into a new buffer in *digits; returns its length and
 * puts the time of both steps into t.
 */
static long fib_decimal(struct fib_file *ff, u64 n, int algo, char **digits,
			struct fib_timing *t)
{
	struct fib_pair f;
	u64 start;
	long len;
	int ret;

	ret = fib_pair_for_read(ff, n, algo, &f, t);
	if (ret)
		return ret;
	start = ktime_get_ns();
	*digits = port_alloc_array(dec_size_max(f.cur.size), 1);
	if (!*digits) {
		len = -ENOMEM;
		goto out_free_pair;
	}
	len = fib_convert(*digits, &f);
	t->convert_ns = ktime_get_ns() - start;
	if (len < 0) {
		port_free(*digits);
		goto out_free_pair;
	}
	fib_keep_pair(ff, &f);
	return len;
out_free_pair:
	fib_free(&f);
	return len;
}

static ssize_t fib_read(struct file *file, char __user *buf, size_t count,
			loff_t *ppos)
{
	struct fib_file *ff = file->private_data;
	struct fib_timing t = { .version = FIB_TIMING_VERSION };
	loff_t n = fib_index(*ppos);
	int algo = READ_ONCE(ff->algo);
	char *digits;
	u64 start;
	long len;

	if (n < 0)
		return n;
	len = fib_decimal(ff, n, algo, &digits, &t);
	if (len < 0)
		return len;
	if (len > count) {
		len = -ERANGE;
		goto out_free;
	}
	start = ktime_get_ns();
	if (copy_to_user(buf, digits, len)) {
		len = -EFAULT;
		goto out_free;
	}
	t.copy_ns = ktime_get_ns() - start;
	t.n = n;
	t.digits = len;
	spin_lock(&ff->lock);
	ff->timing = t;
	spin_unlock(&ff->lock);
out_free:
	port_free(digits);
	return len;
}

/* An algorithm name in buf switches this file to it; len 0 keeps it. */
static int fib_choose_algo(struct fib_file *ff, const char __user *buf,
			   size_t len)
{
	char name[FIB_ALGO_NAME_MAX];
	int algo;

	if (!len)
		return 0;
	if (len > sizeof(name))
		return -EINVAL;
	if (copy_from_user(name, buf, len))
		return -EFAULT;
	algo = fib_algo_parse(name, len);
	if (algo < 0)
		return algo;
	WRITE_ONCE(ff->algo, algo);
	return 0;
}

/* The classic fibdrv convention: write() returns the compute time in ns. */
static ssize_t fib_write(struct file *file, const char __user *buf,
			 size_t len, loff_t *ppos)
{
	struct fib_file *ff = file->private_data;
	loff_t n = fib_index(*ppos);
	struct fib_pair f;
	u64 ns;
	int ret;

	ret = fib_choose_algo(ff, buf, len);
	if (ret)
		return ret;
	if (n < 0)
		return n;
	ret = fib_timed_compute(&f, n, READ_ONCE(ff->algo), &ns);
	if (ret)
		return ret;
	fib_free(&f);
	return ns;
}

/*
 * SEEK_SET, SEEK_CUR and SEEK_END (relative to max_n) select an index;
 * anything outside 0..max_n is refused rather than clamped.
 */
static loff_t fib_llseek(struct file *file, loff_t offset, int whence)
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

/* FIB_IOC_GET_TIMING is the one command; others are ENOTTY, as ioctl(2) says. */
static long fib_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct fib_file *ff = file->private_data;
	struct fib_timing t;

	if (cmd != FIB_IOC_GET_TIMING)
		return -ENOTTY;
	spin_lock(&ff->lock);
	t = ff->timing;
	spin_unlock(&ff->lock);
	if (!t.version)
		return -ENODATA;
	if (copy_to_user((void __user *)arg, &t, sizeof(t)))
		return -EFAULT;
	return 0;
}

static const struct file_operations fib_fops = {
	.owner = THIS_MODULE,
	.open = fib_open,
	.release = fib_release,
	.read = fib_read,
	.write = fib_write,
	.llseek = fib_llseek,
	.unlocked_ioctl = fib_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice fib_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = FIB_DEVICE_NAME,
	.fops = &fib_fops,
	.mode = 0666,
};

static int __init fib_init(void)
{
	int ret;

	/* The layout is ABI: 32-bit and 64-bit programs must agree on it. */
	BUILD_BUG_ON(sizeof(struct fib_timing) != 64);
	ret = misc_register(&fib_misc);
	if (ret) {
		pr_err("cannot register /dev/" FIB_DEVICE_NAME ": %d\n", ret);
		return ret;
	}
	pr_info("/dev/" FIB_DEVICE_NAME " ready, max_n=%llu, algo=%s\n",
		READ_ONCE(max_n), fib_algo_name(READ_ONCE(default_algo)));
	return 0;
}

static void __exit fib_exit(void)
{
	misc_deregister(&fib_misc);
}

module_init(fib_init);
module_exit(fib_exit);

MODULE_LICENSE("Dual MIT/GPL");
MODULE_AUTHOR("fibdrv developers");
MODULE_DESCRIPTION("Exact Fibonacci numbers through /dev/" FIB_DEVICE_NAME);
MODULE_VERSION("0.1.0");

/*
 * The arithmetic compiles into this object: kbuild cannot link a module
 * named fibdrv from an object of the same name plus others, and the
 * character device keeps the module's name.
 */
#include "arith/bn.c"
#include "arith/mul.c"
#include "arith/ntt.c"
#include "arith/div.c"
#include "arith/dec.c"
#include "arith/fib.c"
