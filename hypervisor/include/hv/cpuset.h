/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sets of CPUs (Linux CPU ids, as in the configs' cpu sets), up to the
 * firmware's absolute bound HV_MAX_CPUS.  A set is HV_MAX_CPUS / 8 bytes;
 * walking one skips empty 64-bit words, so it costs a few instructions
 * per word plus one step per member.
 */
#ifndef _HV_CPUSET_H
#define _HV_CPUSET_H

#include <hv/types.h>

/*
 * Highest CPU id + 1 the firmware can ever run.  Only CPU sets and small
 * tables (cells[], the redistributor list) are sized by it; per-CPU data
 * and cpu_info[] have as many entries as the system configuration needs
 * (num_cpu_slots).  512 is QEMU virt's limit with GICv3 and twice Linux's
 * arm64 default NR_CPUS; a set costs 64 bytes.
 */
#define HV_MAX_CPUS		512

#define CPU_SET_WORDS		(HV_MAX_CPUS / 64)

struct cpu_set {
	u64 bits[CPU_SET_WORDS];
};

static inline bool cpu_set_test(const struct cpu_set *set, unsigned int cpu)
{
	return cpu < HV_MAX_CPUS && ((set->bits[cpu / 64] >> (cpu % 64)) & 1);
}

static inline void cpu_set_add(struct cpu_set *set, unsigned int cpu)
{
	if (cpu < HV_MAX_CPUS)
		set->bits[cpu / 64] |= 1ULL << (cpu % 64);
}

static inline void cpu_set_del(struct cpu_set *set, unsigned int cpu)
{
	if (cpu < HV_MAX_CPUS)
		set->bits[cpu / 64] &= ~(1ULL << (cpu % 64));
}

static inline void cpu_set_clear(struct cpu_set *set)
{
	unsigned int n;

	for (n = 0; n < CPU_SET_WORDS; n++)
		set->bits[n] = 0;
}

/* @dst |= @src */
static inline void cpu_set_or(struct cpu_set *dst, const struct cpu_set *src)
{
	unsigned int n;

	for (n = 0; n < CPU_SET_WORDS; n++)
		dst->bits[n] |= src->bits[n];
}

/* @dst &= ~@src */
static inline void cpu_set_andnot(struct cpu_set *dst,
				  const struct cpu_set *src)
{
	unsigned int n;

	for (n = 0; n < CPU_SET_WORDS; n++)
		dst->bits[n] &= ~src->bits[n];
}

/* is every CPU of @set also in @of? */
static inline bool cpu_set_subset(const struct cpu_set *set,
				  const struct cpu_set *of)
{
	unsigned int n;

	for (n = 0; n < CPU_SET_WORDS; n++)
		if (set->bits[n] & ~of->bits[n])
			return false;
	return true;
}

static inline bool cpu_set_empty(const struct cpu_set *set)
{
	unsigned int n;

	for (n = 0; n < CPU_SET_WORDS; n++)
		if (set->bits[n])
			return false;
	return true;
}

static inline unsigned int cpu_set_weight(const struct cpu_set *set)
{
	unsigned int n, count = 0;
	u64 word;

	for (n = 0; n < CPU_SET_WORDS; n++)
		for (word = set->bits[n]; word; word &= word - 1)
			count++;
	return count;
}

/*
 * Words of a set that can hold a CPU of this system: the CPU ids up to
 * num_cpu_slots (control.c sets it with the slots, CPU_SET_WORDS before).
 * No set ever holds a CPU beyond, so walks stop there: a walk of the
 * root's four CPUs reads one word, not eight.
 */
extern unsigned int cpu_set_words;

/* the lowest CPU of @set that is >= @cpu, HV_MAX_CPUS if there is none */
static inline unsigned int cpu_set_next(const struct cpu_set *set,
					unsigned int cpu)
{
	unsigned int n = cpu / 64;
	u64 word;

	if (n >= cpu_set_words)
		return HV_MAX_CPUS;
	word = set->bits[n] & (~0ULL << (cpu % 64));
	while (!word) {
		if (++n >= cpu_set_words)
			return HV_MAX_CPUS;
		word = set->bits[n];
	}
	return n * 64 + __builtin_ctzll(word);
}

#define for_each_cpu(cpu, set)						\
	for ((cpu) = cpu_set_next((set), 0); (cpu) < HV_MAX_CPUS;	\
	     (cpu) = cpu_set_next((set), (cpu) + 1))

#endif /* !_HV_CPUSET_H */
