// SPDX-License-Identifier: GPL-2.0
/*
 * el2-count: a QEMU TCG plugin that measures what the guest executes in
 * one physical address range, the hypervisor's memory, per vCPU:
 *
 *  - instructions executed in the range;
 *  - entries: a vCPU that executes an instruction in the range after one
 *    outside it has entered (one trap, one visit); so has one that takes
 *    an exception to the vector table right after an eret, before it ran
 *    an instruction outside (QEMU takes a pending interrupt between the
 *    eret and the next instruction);
 *  - per entry address (the vector slot, for traps), the number of
 *    entries and the distribution of visit lengths (instructions from the
 *    entry to the last instruction before leaving the range).
 *
 * Snapshots: a guest instruction "hint #0x70" .. "hint #0x7f" (NOP space,
 * unallocated hints) anywhere, at any exception level, writes one, and
 * so does QEMU's exit.  Each is one JSON object on a line of the output
 * file, holding the counters since the start (Python takes differences):
 *
 *   {"type": "snapshot", "seq": 3, "cause": "marker", "marker": 1,
 *    "vcpu": 0, "vaddr": "0x...", "cpus": [{"vcpu": 0, "insns": N,
 *    "entries": N, "inside": false, "visit_len": 0, "keys": [{"entry":
 *    "0x7fc01c00", "vector": "lower64_sync", "entries": N, "insns": N,
 *    "hist": [[length, visits], ...]}, ...]}, ...]}
 *
 * Arguments (-plugin el2-count.so,arg=value,...):
 *   base=ADDR size=N  the range (default 0x7fc00000, 0x400000)
 *   vectors=ADDR      physical address of the vector table in the range
 *                     (default: derived from the first entry at a
 *                     128-byte aligned address with offset 0x400..0x580
 *                     in its 2 KiB, where traps from a lower EL come in)
 *   ram=ADDR ram_size=N  the guest RAM QEMU backs with one host block
 *                     (default 0x40000000, 1 GiB), see "Physical"
 *   out=FILE          output (default el2-count.jsonl)
 *   count=off         no counting, no snapshots, no output file: only
 *                     what cov= asks for
 *   cov=FILE          coverage: at exit, append the instructions of the
 *                     range that ran, see "Coverage"
 *
 * Physical addresses: API version 1 gives an instruction's virtual
 * address and the host pointer to its bytes, not its guest physical
 * address.  Guest RAM is one host block, so physical = host pointer -
 * (host pointer of the RAM base).  That offset is learnt from the first
 * block translated from RAM: on the virt board it is QEMU's boot code at
 * the RAM base, run with the MMU off (virtual == physical).  As the
 * hypervisor runs identity mapped, every translation of an instruction in
 * the range whose virtual address differs from its physical one is
 * counted in "va_mismatch" (0 when the offset is right); instructions
 * fetched from outside the RAM block (flash) in "untranslatable".
 *
 * Coverage (cov=FILE): every instruction translated in the range gets an
 * inline add of 1 to its own 64-bit counter (QEMU emits it into the
 * translated code, no call), so what runs is marked at nearly no cost,
 * with or without the counting.  At exit the plugin appends to FILE one
 * header line and then, sorted, one line per instruction that ran:
 *
 *   # el2-count coverage base=0x7fc00000 size=0x400000 insns=N
 *     va_mismatch=N untranslatable=N
 *   OFFSET COUNT WORD     offset from base, executions, instruction word
 *
 * (the header is one line).  WORD is the instruction as translated, so a
 * reader can check it against the firmware it maps the offsets to.
 * COUNT is exact with -icount; with parallel vCPUs (no -icount) two of
 * them may race on a counter and lose an increment, never turn one that
 * ran into 0.  Appending keeps every boot of a board that is powered on
 * several times with the same file.
 *
 * Counts are exact with -icount (one vCPU at a time): every instruction in
 * the range has its own callback, which runs before the instruction; the
 * first instruction of every run outside the range has one too.  Without
 * -icount vCPUs run in parallel and a snapshot may see another vCPU's
 * counters half updated.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu-plugin-api.h"

PLUGIN_EXPORT int qemu_plugin_version = JH_QEMU_PLUGIN_API_VERSION;

#define MAX_VCPUS	256
#define MAX_KEYS	64	/* distinct entry addresses */
#define HIST_LEN	8192	/* visits shorter than this: exact bins */
#define MAX_LONG	1024	/* longer ones: their lengths, this many */

#define HINT_MASK	0xfffff01fU
#define HINT_BASE	0xd503201fU
#define MARKER_FIRST	0x70
#define MARKER_LAST	0x7f
#define ERET		0xd69f03e0U

/* udata of an in-range instruction: offset in the range << 1 | flags */
#define UD_ERET		1UL

struct key_stat {
	uint64_t entries;
	uint64_t insns;			/* of completed visits */
	uint64_t hist[HIST_LEN];
	uint64_t long_len[MAX_LONG];
	unsigned int n_long;
	uint64_t long_lost;		/* long visits beyond MAX_LONG */
};

struct vcpu_stat {
	int inside;
	int after_eret;		/* last one in the range was an eret */
	int key;		/* entry key of the current visit */
	uint64_t visit_len;
	uint64_t insns;
	uint64_t entries;
	uint64_t chained;	/* entries straight after an eret */
	struct key_stat *keys[MAX_KEYS];
};

static uint64_t base = 0x7fc00000, size = 0x400000;
static uint64_t vectors;
static int vectors_known;
static uint64_t ram = 0x40000000, ram_size = 0x40000000;
static const char *out_path = "el2-count.jsonl";
static int counting = 1;
static const char *cov_path;

static uint64_t *cov_hits;	/* executions per 4-byte slot of the range */
static uint32_t *cov_word;	/* instruction word translated there */

static FILE *out;
static int calibrated;
static intptr_t host_delta;	/* host pointer - guest physical address */
static uint64_t va_mismatch, untranslatable;
static unsigned int n_vcpus;
static unsigned long seq;

static uint64_t key_entry[MAX_KEYS];	/* physical entry addresses */
static int n_keys;
static uint64_t keys_lost;

static struct vcpu_stat vcpus[MAX_VCPUS];

static const char *const vector_names[16] = {
	"cur_sp0_sync", "cur_sp0_irq", "cur_sp0_fiq", "cur_sp0_serror",
	"cur_spx_sync", "cur_spx_irq", "cur_spx_fiq", "cur_spx_serror",
	"lower64_sync", "lower64_irq", "lower64_fiq", "lower64_serror",
	"lower32_sync", "lower32_irq", "lower32_fiq", "lower32_serror",
};

static int is_vector(uint64_t pa)
{
	return vectors_known && pa >= vectors && pa < vectors + 0x800 &&
	       !(pa & 0x7f);
}

/* is an entry at @pa one through the vector table? */
static int vector_entry(uint64_t pa)
{
	/* a guest enters through VBAR + 0x400..0x580 (lower EL, AArch64) */
	if (!vectors_known && !(pa & 0x7f) && (pa & 0x600) == 0x400) {
		vectors = pa & ~0x7ffULL;
		vectors_known = 1;
	}
	return is_vector(pa);
}

static int key_of(uint64_t pa)
{
	int i;

	for (i = 0; i < n_keys; i++)
		if (key_entry[i] == pa)
			return i;
	if (n_keys == MAX_KEYS) {
		keys_lost++;
		return -1;
	}
	vector_entry(pa);
	key_entry[n_keys] = pa;
	return n_keys++;
}

static struct key_stat *key_stat(struct vcpu_stat *v, int key)
{
	if (key < 0)
		return NULL;
	if (!v->keys[key]) {
		v->keys[key] = calloc(1, sizeof(*v->keys[key]));
		if (!v->keys[key]) {
			qemu_plugin_outs("el2-count: out of memory\n");
			abort();
		}
	}
	return v->keys[key];
}

static void leave(struct vcpu_stat *v)
{
	struct key_stat *k;

	if (!v->inside)
		return;
	v->inside = 0;
	v->after_eret = 0;
	k = key_stat(v, v->key);
	if (!k)
		return;
	k->insns += v->visit_len;
	if (v->visit_len < HIST_LEN)
		k->hist[v->visit_len]++;
	else if (k->n_long < MAX_LONG)
		k->long_len[k->n_long++] = v->visit_len;
	else
		k->long_lost++;
}

static void enter(struct vcpu_stat *v, uint64_t pa)
{
	struct key_stat *k;

	v->inside = 1;
	v->visit_len = 0;
	v->entries++;
	v->key = key_of(pa);
	k = key_stat(v, v->key);
	if (k)
		k->entries++;
}

/* before every instruction in the range */
static void in_range(unsigned int vcpu, void *udata)
{
	struct vcpu_stat *v = &vcpus[vcpu];
	uintptr_t ud = (uintptr_t)udata;
	uint64_t pa = base + (ud >> 1);

	if (!v->inside) {
		enter(v, pa);
	} else if (v->after_eret && vector_entry(pa)) {
		/* an exception taken right after the eret: a new trap */
		leave(v);
		enter(v, pa);
		v->chained++;
	}
	v->after_eret = ud & UD_ERET;
	v->visit_len++;
	v->insns++;
}

/* before the first instruction of every run outside the range */
static void out_of_range(unsigned int vcpu, void *udata)
{
	(void)udata;
	leave(&vcpus[vcpu]);
}

static void write_cpu(unsigned int i)
{
	struct vcpu_stat *v = &vcpus[i];
	const char *sep = "";
	int key, sep_key = 0;
	unsigned int n;

	fprintf(out, "{\"vcpu\": %u, \"insns\": %" PRIu64
		", \"entries\": %" PRIu64 ", \"chained\": %" PRIu64
		", \"inside\": %s, \"visit_len\": %" PRIu64 ", \"keys\": [",
		i, v->insns, v->entries, v->chained,
		v->inside ? "true" : "false", v->inside ? v->visit_len : 0);
	for (key = 0; key < n_keys; key++) {
		struct key_stat *k = v->keys[key];
		uint64_t pa = key_entry[key];

		if (!k)
			continue;
		fprintf(out, "%s{\"entry\": \"0x%" PRIx64 "\", \"vector\": ",
			sep_key++ ? ", " : "", pa);
		if (is_vector(pa))
			fprintf(out, "\"%s\"",
				vector_names[(pa - vectors) >> 7]);
		else
			fputs("null", out);
		fprintf(out, ", \"entries\": %" PRIu64 ", \"insns\": %" PRIu64
			", \"long_lost\": %" PRIu64 ", \"hist\": [",
			k->entries, k->insns, k->long_lost);
		sep = "";
		for (n = 0; n < HIST_LEN; n++) {
			if (!k->hist[n])
				continue;
			fprintf(out, "%s[%u, %" PRIu64 "]", sep, n, k->hist[n]);
			sep = ", ";
		}
		for (n = 0; n < k->n_long; n++) {
			fprintf(out, "%s[%" PRIu64 ", 1]", sep, k->long_len[n]);
			sep = ", ";
		}
		fputs("]}", out);
	}
	fputs("]}", out);
}

static void snapshot(const char *cause, int marker, unsigned int vcpu,
		     uint64_t vaddr)
{
	unsigned int i;

	if (!out)
		return;
	fprintf(out, "{\"type\": \"snapshot\", \"seq\": %lu, \"cause\": \"%s\"",
		seq++, cause);
	if (marker >= 0)
		fprintf(out, ", \"marker\": %d, \"vcpu\": %u, \"vaddr\": \"0x%"
			PRIx64 "\"", marker, vcpu, vaddr);
	fputs(", \"vectors\": ", out);
	if (vectors_known)
		fprintf(out, "\"0x%" PRIx64 "\"", vectors);
	else
		fputs("null", out);
	fprintf(out, ", \"va_mismatch\": %" PRIu64 ", \"keys_lost\": %" PRIu64
		", \"untranslatable\": %" PRIu64 ", \"cpus\": [",
		va_mismatch, keys_lost, untranslatable);
	for (i = 0; i < n_vcpus; i++) {
		if (i)
			fputs(", ", out);
		write_cpu(i);
	}
	fputs("]}\n", out);
	fflush(out);
}

struct marker {
	int id;
	uint64_t vaddr;
};

static void marker_hit(unsigned int vcpu, void *udata)
{
	const struct marker *m = udata;

	leave(&vcpus[vcpu]);
	snapshot("marker", m->id, vcpu, m->vaddr);
}

static void calibrate(const struct qemu_plugin_tb *tb)
{
	struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, 0);
	uint64_t va = qemu_plugin_insn_vaddr(insn);
	void *host = qemu_plugin_insn_haddr(insn);

	if (!host || va < ram || va - ram >= ram_size)
		return;
	host_delta = (intptr_t)host - (intptr_t)va;
	calibrated = 1;
	if (out) {
		fprintf(out, "{\"type\": \"calibration\", \"vaddr\": \"0x%"
			PRIx64 "\"}\n", va);
		fflush(out);
	}
}

/* guest physical address of an instruction, or 0 if not in guest RAM */
static uint64_t insn_phys(const struct qemu_plugin_insn *insn)
{
	void *host = qemu_plugin_insn_haddr(insn);
	uint64_t pa;

	if (!host || !calibrated)
		return 0;
	pa = (uint64_t)((intptr_t)host - host_delta);
	if (pa < ram || pa - ram >= ram_size) {
		untranslatable++;
		return 0;
	}
	return pa;
}

static uint32_t insn_word(const struct qemu_plugin_insn *insn)
{
	uint32_t word = 0;

	if (qemu_plugin_insn_size(insn) == sizeof(word))
		memcpy(&word, qemu_plugin_insn_data(insn), sizeof(word));
	return word;
}

/* an instruction at @pa in the range: count its executions */
static void cov_mark(struct qemu_plugin_insn *insn, uint64_t pa,
		     uint32_t word)
{
	uint64_t slot = (pa - base) >> 2;

	cov_word[slot] = word;
	qemu_plugin_register_vcpu_insn_exec_inline(insn,
		QEMU_PLUGIN_INLINE_ADD_U64, &cov_hits[slot], 1);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	int was_inside = -1;

	(void)id;
	if (!calibrated && n)
		calibrate(tb);

	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t pa = insn_phys(insn);
		uint32_t word = insn_word(insn);
		int inside = pa >= base && pa - base < size;

		if (inside && cov_hits)
			cov_mark(insn, pa, word);
		if (!counting)
			continue;
		if (inside) {
			uintptr_t ud = (uintptr_t)(pa - base) << 1;

			if (word == ERET)
				ud |= UD_ERET;
			if (qemu_plugin_insn_vaddr(insn) != pa)
				va_mismatch++;
			qemu_plugin_register_vcpu_insn_exec_cb(insn, in_range,
				QEMU_PLUGIN_CB_NO_REGS, (void *)ud);
		} else if (was_inside != 0) {
			qemu_plugin_register_vcpu_insn_exec_cb(insn,
				out_of_range, QEMU_PLUGIN_CB_NO_REGS, NULL);
		}
		was_inside = inside;

		if ((word & HINT_MASK) == HINT_BASE) {
			unsigned int imm = (word >> 5) & 0x7f;
			struct marker *m;

			if (imm < MARKER_FIRST || imm > MARKER_LAST)
				continue;
			/* one per translation; translations are few */
			m = malloc(sizeof(*m));
			if (!m)
				continue;
			m->id = imm - MARKER_FIRST;
			m->vaddr = qemu_plugin_insn_vaddr(insn);
			qemu_plugin_register_vcpu_insn_exec_cb(insn, marker_hit,
				QEMU_PLUGIN_CB_NO_REGS, m);
		}
	}
}

static void write_coverage(void)
{
	uint64_t slot, n_slots = size >> 2, ran = 0;
	FILE *f;

	for (slot = 0; slot < n_slots; slot++)
		ran += !!cov_hits[slot];
	f = fopen(cov_path, "a");
	if (!f) {
		qemu_plugin_outs("el2-count: cannot write the coverage file\n");
		return;
	}
	fprintf(f, "# el2-count coverage base=0x%" PRIx64 " size=0x%" PRIx64
		" insns=%" PRIu64 " va_mismatch=%" PRIu64
		" untranslatable=%" PRIu64 "\n",
		base, size, ran, va_mismatch, untranslatable);
	for (slot = 0; slot < n_slots; slot++) {
		if (!cov_hits[slot])
			continue;
		fprintf(f, "0x%" PRIx64 " %" PRIu64 " 0x%08" PRIx32 "\n",
			slot << 2, cov_hits[slot], cov_word[slot]);
	}
	fclose(f);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	unsigned int i;

	(void)id;
	(void)udata;
	if (cov_hits)
		write_coverage();
	if (!counting)
		return;
	for (i = 0; i < n_vcpus; i++)
		leave(&vcpus[i]);
	snapshot("exit", -1, 0, 0);
	if (out)
		fclose(out);
	out = NULL;
}

static int parse_u64(const char *s, uint64_t *val)
{
	char *end;

	*val = strtoull(s, &end, 0);
	return *s && !*end ? 0 : -1;
}

static int parse_arg(const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : 0;
	const char *val = eq ? eq + 1 : "";

	if (len == 4 && !strncmp(arg, "base", len))
		return parse_u64(val, &base);
	if (len == 4 && !strncmp(arg, "size", len))
		return parse_u64(val, &size);
	if (len == 3 && !strncmp(arg, "ram", len))
		return parse_u64(val, &ram);
	if (len == 8 && !strncmp(arg, "ram_size", len))
		return parse_u64(val, &ram_size);
	if (len == 7 && !strncmp(arg, "vectors", len)) {
		vectors_known = 1;
		return parse_u64(val, &vectors);
	}
	if (len == 3 && !strncmp(arg, "out", len) && *val) {
		out_path = val;
		return 0;
	}
	if (len == 3 && !strncmp(arg, "cov", len) && *val) {
		cov_path = val;
		return 0;
	}
	if (len == 5 && !strncmp(arg, "count", len)) {
		if (strcmp(val, "on") && strcmp(val, "off"))
			return -1;
		counting = !strcmp(val, "on");
		return 0;
	}
	return -1;
}

/* the first line of the results: what the plugin measures */
static int write_header(const qemu_info_t *info)
{
	char msg[256];

	out = fopen(out_path, "w");
	if (!out) {
		snprintf(msg, sizeof(msg), "el2-count: cannot write %s\n",
			 out_path);
		qemu_plugin_outs(msg);
		return -1;
	}
	fprintf(out, "{\"type\": \"header\", \"plugin\": \"el2-count\", "
		"\"api\": %d, \"qemu_api\": [%d, %d], \"base\": \"0x%" PRIx64
		"\", \"size\": \"0x%" PRIx64 "\", \"vectors\": ",
		qemu_plugin_version, info->version.min, info->version.cur,
		base, size);
	if (vectors_known)
		fprintf(out, "\"0x%" PRIx64 "\"", vectors);
	else
		fputs("null", out);
	fprintf(out, ", \"ram\": \"0x%" PRIx64 "\", \"ram_size\": \"0x%"
		PRIx64 "\", \"vcpus\": %u, \"markers\": [%d, %d]}\n",
		ram, ram_size, n_vcpus, MARKER_FIRST, MARKER_LAST);
	fflush(out);
	return 0;
}

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
				      const qemu_info_t *info,
				      int argc, char **argv)
{
	char msg[256];
	int i;

	for (i = 0; i < argc; i++) {
		if (parse_arg(argv[i])) {
			snprintf(msg, sizeof(msg),
				 "el2-count: bad argument '%s'\n", argv[i]);
			qemu_plugin_outs(msg);
			return -1;
		}
	}
	if (!info->system_emulation || !size || size & 3 || base & 3 ||
	    (vectors_known && vectors & 0x7ff)) {
		qemu_plugin_outs("el2-count: needs system emulation, a range "
				 "and a 2 KiB aligned vector table\n");
		return -1;
	}
	if (info->system.max_vcpus > MAX_VCPUS) {
		qemu_plugin_outs("el2-count: too many vCPUs\n");
		return -1;
	}
	n_vcpus = info->system.max_vcpus;

	if (cov_path) {
		/* untouched pages of these stay unallocated */
		cov_hits = calloc(size >> 2, sizeof(*cov_hits));
		cov_word = calloc(size >> 2, sizeof(*cov_word));
		if (!cov_hits || !cov_word) {
			qemu_plugin_outs("el2-count: out of memory\n");
			return -1;
		}
	}
	if (counting && write_header(info))
		return -1;

	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
