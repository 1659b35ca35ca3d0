// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The cache of read results that all open files share (cache.h).
 *
 * Lookups take no lock: entries live in an xarray indexed by n and are
 * found under rcu_read_lock(), and refcount_inc_not_zero() keeps the one
 * found alive while it is copied out. An entry is freed a grace period
 * after its last reference goes (kvfree_rcu()), so a reader that found it
 * just as it was evicted never touches freed memory.
 *
 * Everything that changes the cache (the xarray's slots, the LRU list,
 * the counts) happens under the xarray's own spinlock. Nobody allocates
 * while holding it, so the shrinker may take it from reclaim.
 *
 * Eviction is least recently used, approximated as the kernel's page
 * lists do it: a hit only marks its entry accessed, which keeps the read
 * path free of locks, and eviction gives a marked entry at the cold end a
 * second chance at the hot end.
 *
 * Single flight: a reader that misses puts a flight, an entry without
 * digits, at n and computes; readers that find the flight sleep on
 * fibdrv_cache_done until it ends and then take its result. A flight that
 * fails has no result: its waiters start over and the first of them to
 * find n empty computes, so no reader waits on another's signal. A
 * waiter's own signal ends its wait with -EINTR.
 *
 * Memory: entries are allocated without __GFP_ACCOUNT. They are shared,
 * so charging the reader who happened to compute one to its memory cgroup
 * would bill it for everyone's reads, and keep its cgroup pinned after it
 * left. The module carries them instead, bounded by cache_kb (which only
 * root sets) and handed back to the shrinker; what a read allocates while
 * computing stays charged to the reader (arith/port.h).
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "cache.h"
#include "compat.h"

/*
 * 4 MiB: F(10^7), the largest result worth keeping, fits, and so do a
 * couple of hundred of the largest results of the default max_n; a few
 * thousandths of a small machine's memory, and the shrinker takes it back.
 */
#define FIB_CACHE_KB_DEFAULT 4096
#define FIB_CACHE_KB_MAX 1048576	/* 1 GiB */

static unsigned int cache_kb = FIB_CACHE_KB_DEFAULT;

/* The slots and everything below them are guarded by the xarray's lock. */
static DEFINE_XARRAY(fibdrv_cache_slots);
/* Of the entries with digits, coldest last. */
static LIST_HEAD(fibdrv_cache_lru);
static size_t fibdrv_cache_bytes;
static unsigned long fibdrv_cache_entries;

static DECLARE_WAIT_QUEUE_HEAD(fibdrv_cache_done);
static struct shrinker *fibdrv_cache_shrinker;
static struct dentry *fibdrv_cache_debugfs;

static struct {
	atomic_long_t hits;		/* served by an entry, no wait */
	atomic_long_t misses;		/* computed for the cache */
	atomic_long_t waits;		/* waited for another's computation */
	atomic_long_t evictions;	/* entries removed, for any reason */
} fibdrv_cache_stats;

static size_t fibdrv_cache_limit(void)
{
	return (size_t)READ_ONCE(cache_kb) * 1024;
}

bool fibdrv_cache_enabled(void)
{
	return READ_ONCE(cache_kb);
}

/* len is at most the digits of F(FIB_N_LIMIT): no overflow. */
static size_t fibdrv_entry_bytes(size_t len)
{
	return sizeof(struct fibdrv_entry) + len;
}

void fibdrv_cache_put(struct fibdrv_entry *entry)
{
	if (!refcount_dec_and_test(&entry->ref))
		return;
	if (entry->result)
		fibdrv_cache_put(entry->result);
	kvfree_rcu(entry, rcu);
}

/* Takes entry out of the cache; the caller holds the lock. */
static void fibdrv_cache_remove(struct fibdrv_entry *entry)
{
	list_del_init(&entry->lru);
	__xa_erase(&fibdrv_cache_slots, entry->n);
	WRITE_ONCE(fibdrv_cache_bytes,
		   fibdrv_cache_bytes - fibdrv_entry_bytes(entry->len));
	WRITE_ONCE(fibdrv_cache_entries, fibdrv_cache_entries - 1);
	atomic_long_inc(&fibdrv_cache_stats.evictions);
	fibdrv_cache_put(entry);
}

/*
 * Evicts from the cold end until the cache holds at most limit bytes;
 * returns the bytes freed. An accessed entry gets one second chance a
 * call, so that hits coming in meanwhile cannot keep it going forever;
 * emptying the cache gives none.
 */
static size_t fibdrv_cache_trim(size_t limit)
{
	unsigned long chances = limit ? fibdrv_cache_entries : 0;
	size_t before = fibdrv_cache_bytes;
	struct fibdrv_entry *entry;

	lockdep_assert_held(&fibdrv_cache_slots.xa_lock);
	while (fibdrv_cache_bytes > limit) {
		entry = list_last_entry(&fibdrv_cache_lru, struct fibdrv_entry,
					lru);
		if (chances && READ_ONCE(entry->accessed)) {
			chances--;
			WRITE_ONCE(entry->accessed, false);
			list_move(&entry->lru, &fibdrv_cache_lru);
			continue;
		}
		fibdrv_cache_remove(entry);
	}
	return before - fibdrv_cache_bytes;
}

static void fibdrv_cache_empty(void)
{
	xa_lock(&fibdrv_cache_slots);
	fibdrv_cache_trim(0);
	xa_unlock(&fibdrv_cache_slots);
}

/* A reference to what the cache holds at n, or NULL. */
static struct fibdrv_entry *fibdrv_cache_find(u64 n)
{
	struct fibdrv_entry *entry;

	rcu_read_lock();
	entry = xa_load(&fibdrv_cache_slots, n);
	/* A count of 0: the entry left the cache and is on its way out. */
	if (entry && !refcount_inc_not_zero(&entry->ref))
		entry = NULL;
	rcu_read_unlock();
	return entry;
}

/*
 * A new flight at n, with a reference for the cache and one for the
 * caller; NULL without memory, ERR_PTR(-EBUSY) when another reader put
 * something at n first.
 */
static struct fibdrv_entry *fibdrv_flight_start(u64 n)
{
	struct fibdrv_entry *flight = kzalloc(sizeof(*flight),
					      GFP_KERNEL | __GFP_NOWARN);
	int ret;

	if (!flight)
		return NULL;
	refcount_set(&flight->ref, 2);
	flight->state = FIBDRV_ENTRY_COMPUTING;
	flight->n = n;
	INIT_LIST_HEAD(&flight->lru);
	ret = xa_insert(&fibdrv_cache_slots, n, flight,
			GFP_KERNEL | __GFP_NOWARN);
	if (!ret)
		return flight;
	kfree(flight);
	return ret == -EBUSY ? ERR_PTR(-EBUSY) : NULL;
}

static bool fibdrv_flight_ended(struct fibdrv_entry *flight)
{
	/* Pairs with fibdrv_cache_finish()'s release: result is set before. */
	return smp_load_acquire(&flight->state) == FIBDRV_ENTRY_DONE;
}

/*
 * The result of flight, once it has ended, as a reference of the caller's;
 * NULL if it failed, ERR_PTR(-EINTR) on a signal. Drops the caller's
 * reference to flight.
 */
static struct fibdrv_entry *fibdrv_flight_wait(struct fibdrv_entry *flight)
{
	struct fibdrv_entry *result;

	if (wait_event_interruptible(fibdrv_cache_done,
				     fibdrv_flight_ended(flight))) {
		result = ERR_PTR(-EINTR);
	} else {
		result = flight->result;
		if (result)
			refcount_inc(&result->ref);
	}
	fibdrv_cache_put(flight);
	return result;
}

struct fibdrv_entry *fibdrv_cache_get(u64 n, struct fibdrv_entry **flight)
{
	struct fibdrv_entry *entry;
	bool waited = false;

	*flight = NULL;
	while (fibdrv_cache_enabled()) {
		entry = fibdrv_cache_find(n);
		if (!entry) {
			entry = fibdrv_flight_start(n);
			if (entry == ERR_PTR(-EBUSY))
				continue;
			if (entry)
				atomic_long_inc(&fibdrv_cache_stats.misses);
			*flight = entry;
			return NULL;
		}
		if (READ_ONCE(entry->state) == FIBDRV_ENTRY_READY) {
			if (!waited)
				atomic_long_inc(&fibdrv_cache_stats.hits);
			if (!READ_ONCE(entry->accessed))
				WRITE_ONCE(entry->accessed, true);
			return entry;
		}
		if (!waited)
			atomic_long_inc(&fibdrv_cache_stats.waits);
		waited = true;
		entry = fibdrv_flight_wait(entry);
		if (entry)
			return entry;
	}
	return NULL;
}

static struct fibdrv_entry *fibdrv_entry_new(u64 n, const char *digits,
					     size_t len, int algo)
{
	struct fibdrv_entry *entry = kvmalloc(fibdrv_entry_bytes(len),
					      GFP_KERNEL | __GFP_NOWARN);

	if (!entry)
		return NULL;
	refcount_set(&entry->ref, 1);
	entry->state = FIBDRV_ENTRY_READY;
	entry->algo = algo;
	entry->accessed = false;
	entry->n = n;
	INIT_LIST_HEAD(&entry->lru);
	entry->result = NULL;
	entry->len = len;
	memcpy(entry->digits, digits, len);
	return entry;
}

/*
 * Puts result where its flight was, at the hot end, and evicts for room;
 * the caller holds the lock. Replacing a slot allocates nothing, so the
 * store cannot fail; if it ever did, the result would only go uncached.
 */
static void fibdrv_cache_insert(struct fibdrv_entry *flight,
				struct fibdrv_entry *result)
{
	void *old = __xa_store(&fibdrv_cache_slots, flight->n, result,
			       GFP_NOWAIT);

	if (xa_is_err(old)) {
		__xa_erase(&fibdrv_cache_slots, flight->n);
		return;
	}
	refcount_inc(&result->ref);
	list_add(&result->lru, &fibdrv_cache_lru);
	WRITE_ONCE(fibdrv_cache_bytes,
		   fibdrv_cache_bytes + fibdrv_entry_bytes(result->len));
	WRITE_ONCE(fibdrv_cache_entries, fibdrv_cache_entries + 1);
	fibdrv_cache_trim(fibdrv_cache_limit());
}

/*
 * A result too large to keep is still made for the readers waiting on the
 * flight (more references than the cache's and the caller's), not for
 * the caller alone.
 */
void fibdrv_cache_finish(struct fibdrv_entry *flight, const char *digits,
			 long len, int algo)
{
	bool fits = len >= 0 && fibdrv_entry_bytes(len) <= fibdrv_cache_limit();
	struct fibdrv_entry *result = NULL;

	if (len >= 0 && (fits || refcount_read(&flight->ref) > 2))
		result = fibdrv_entry_new(flight->n, digits, len, algo);
	xa_lock(&fibdrv_cache_slots);
	if (result && fibdrv_entry_bytes(len) <= fibdrv_cache_limit())
		fibdrv_cache_insert(flight, result);
	else
		__xa_erase(&fibdrv_cache_slots, flight->n);
	flight->result = result;
	/* Waiters that see DONE see result (fibdrv_flight_wait()). */
	smp_store_release(&flight->state, FIBDRV_ENTRY_DONE);
	xa_unlock(&fibdrv_cache_slots);
	wake_up_all(&fibdrv_cache_done);
	/* The cache's reference (it holds the flight no more), the caller's. */
	fibdrv_cache_put(flight);
	fibdrv_cache_put(flight);
}

static int cache_kb_set(const char *val, const struct kernel_param *kp)
{
	unsigned int kb;

	if (kstrtouint(val, 0, &kb) || kb > FIB_CACHE_KB_MAX) {
		pr_err("cache_kb must be an integer from 0 to %d\n",
		       FIB_CACHE_KB_MAX);
		return -EINVAL;
	}
	xa_lock(&fibdrv_cache_slots);
	WRITE_ONCE(cache_kb, kb);
	fibdrv_cache_trim((size_t)kb * 1024);
	xa_unlock(&fibdrv_cache_slots);
	return 0;
}

static const struct kernel_param_ops cache_kb_ops = {
	.set = cache_kb_set,
	.get = param_get_uint,
};

module_param_cb(cache_kb, &cache_kb_ops, &cache_kb, 0644);
MODULE_PARM_DESC(cache_kb, "KiB of results kept for all readers (default "
		 __stringify(FIB_CACHE_KB_DEFAULT) ", at most "
		 __stringify(FIB_CACHE_KB_MAX) ", 0: no cache)");

/* The shrinker counts in pages, since entries range from bytes to MiB. */
static unsigned long fibdrv_cache_count_pages(struct shrinker *shrinker,
					      struct shrink_control *sc)
{
	size_t bytes = READ_ONCE(fibdrv_cache_bytes);

	return bytes ? DIV_ROUND_UP(bytes, PAGE_SIZE) : SHRINK_EMPTY;
}

static unsigned long fibdrv_cache_scan_pages(struct shrinker *shrinker,
					     struct shrink_control *sc)
{
	size_t goal = sc->nr_to_scan * PAGE_SIZE, freed;

	xa_lock(&fibdrv_cache_slots);
	freed = fibdrv_cache_trim(fibdrv_cache_bytes > goal ?
				  fibdrv_cache_bytes - goal : 0);
	xa_unlock(&fibdrv_cache_slots);
	return freed ? DIV_ROUND_UP(freed, PAGE_SIZE) : SHRINK_STOP;
}

static int fibdrv_cache_stats_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "hits %ld\n", atomic_long_read(&fibdrv_cache_stats.hits));
	seq_printf(m, "misses %ld\n",
		   atomic_long_read(&fibdrv_cache_stats.misses));
	seq_printf(m, "waits %ld\n",
		   atomic_long_read(&fibdrv_cache_stats.waits));
	seq_printf(m, "evictions %ld\n",
		   atomic_long_read(&fibdrv_cache_stats.evictions));
	seq_printf(m, "entries %lu\n", READ_ONCE(fibdrv_cache_entries));
	seq_printf(m, "bytes %zu\n", READ_ONCE(fibdrv_cache_bytes));
	seq_printf(m, "limit %zu\n", fibdrv_cache_limit());
	return 0;
}

static int fibdrv_cache_stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, fibdrv_cache_stats_show, NULL);
}

/* Whatever is written, the cache is emptied. */
static ssize_t fibdrv_cache_stats_write(struct file *file,
					const char __user *buf, size_t count,
					loff_t *ppos)
{
	fibdrv_cache_empty();
	return count;
}

static const struct file_operations fibdrv_cache_stats_fops = {
	.owner = THIS_MODULE,
	.open = fibdrv_cache_stats_open,
	.read = seq_read,
	.write = fibdrv_cache_stats_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* debugfs may be absent: the cache works without its statistics. */
int fibdrv_cache_init(void)
{
	fibdrv_cache_shrinker = fibdrv_shrinker_create(KBUILD_MODNAME "-cache",
						       fibdrv_cache_count_pages,
						       fibdrv_cache_scan_pages);
	if (!fibdrv_cache_shrinker)
		return -ENOMEM;
	fibdrv_cache_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("cache", 0600, fibdrv_cache_debugfs, NULL,
			    &fibdrv_cache_stats_fops);
	return 0;
}

/* With no file open, no flight is left: only entries to free. */
void fibdrv_cache_exit(void)
{
	debugfs_remove_recursive(fibdrv_cache_debugfs);
	fibdrv_shrinker_destroy(fibdrv_cache_shrinker);
	fibdrv_cache_empty();
	WARN_ON(!xa_empty(&fibdrv_cache_slots));
}
