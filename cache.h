/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The module's cache of read results: the digits of F(n), shared by every
 * open file, looked up without a lock, bounded by the cache_kb parameter
 * and given back under memory pressure. docs/cache.md says which
 * reads use it and why; cache.c says how it works.
 */
#ifndef FIBDRV_CACHE_H
#define FIBDRV_CACHE_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>

enum fibdrv_entry_state {
	FIBDRV_ENTRY_READY,		/* digits to hand out */
	FIBDRV_ENTRY_COMPUTING,		/* a flight: its reader computes */
	FIBDRV_ENTRY_DONE,			/* a flight that has ended */
};

/*
 * What a read hands out, held by the cache and by each reader copying it
 * out, or a computation in flight that readers of the same n wait for.
 */
struct fibdrv_entry {
	refcount_t ref;
	u8 state;			/* FIB_ENTRY_* */
	u8 algo;			/* that computed the digits */
	bool accessed;			/* hit since eviction last looked */
	u64 n;
	struct list_head lru;		/* in the cache's, under its lock */
	struct rcu_head rcu;
	struct fibdrv_entry *result;	/* a finished flight's; NULL: failed */
	size_t len;
	char digits[];
};

/*
 * A reference to the entry of F(n), found or waited for; or NULL with
 * *flight set, when the caller is to compute F(n) for everyone and then
 * call fibdrv_cache_finish(); or NULL with *flight NULL, when the caller
 * computes for itself only (the cache is off or out of memory); or
 * ERR_PTR(-EINTR) when a signal ended the wait.
 */
struct fibdrv_entry *fibdrv_cache_get(u64 n, struct fibdrv_entry **flight);

/* Ends a flight: len digits of F(n), or len < 0 if computing failed. */
void fibdrv_cache_finish(struct fibdrv_entry *flight, const char *digits,
			 long len, int algo);

void fibdrv_cache_put(struct fibdrv_entry *entry);

/* Whether reads may use the cache at all: cache_kb is not 0. */
bool fibdrv_cache_enabled(void);

int fibdrv_cache_init(void);
void fibdrv_cache_exit(void);

#endif /* FIBDRV_CACHE_H */
