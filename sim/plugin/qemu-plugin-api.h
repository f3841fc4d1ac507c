/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of QEMU's TCG plugin interface, API version 1 (QEMU 7.2), that
 * our plugins use.  Debian ships no qemu-plugin.h, so the declarations are
 * written here from QEMU's published plugin documentation
 * (docs/devel/tcg-plugins.rst and the API reference of qemu-plugin.h);
 * names, argument order and types follow it so the symbols QEMU exports
 * resolve.  Add a function only after checking it is exported by the
 * QEMU it has to run on: nm -D $(which qemu-system-aarch64) | grep plugin.
 */
#ifndef JH_QEMU_PLUGIN_API_H
#define JH_QEMU_PLUGIN_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JH_QEMU_PLUGIN_API_VERSION	1

#define PLUGIN_EXPORT	__attribute__((visibility("default")))

/* opaque handle QEMU gives each loaded plugin */
typedef uint64_t qemu_plugin_id_t;

/* handed to qemu_plugin_install(), valid during that call only */
typedef struct qemu_info_t {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;

/* opaque: a block being translated, one of its instructions */
struct qemu_plugin_tb;
struct qemu_plugin_insn;

/* whether a callback looks at guest registers (we never do) */
enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};

typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
					    void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);

/* the plugin's side: both symbols must be exported */
extern PLUGIN_EXPORT int qemu_plugin_version;
PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
				      const qemu_info_t *info,
				      int argc, char **argv);

/* QEMU's side */
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags,
					    void *userdata);
/* an operation QEMU inlines into the translated code (no call) */
enum qemu_plugin_op {
	QEMU_PLUGIN_INLINE_ADD_U64,	/* *(uint64_t *)ptr += imm */
};

void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
						enum qemu_plugin_op op,
						void *ptr, uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb,
				    void *userdata);

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *
qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);

/* guest virtual address of the instruction */
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
/*
 * Where the instruction's bytes sit in QEMU's memory: a host pointer into
 * the RAM block, NULL when not fetched from RAM.  Not a guest physical
 * address (el2-count.c turns it into one).
 */
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);
/* the instruction's bytes and their number; valid during the callback */
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);

/* a line on QEMU's log (stderr unless -D) */
void qemu_plugin_outs(const char *string);

#endif /* JH_QEMU_PLUGIN_API_H */
