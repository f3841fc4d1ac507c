// SPDX-License-Identifier: GPL-2.0
/*
 * Communication region: cell state and the message channel, following
 * Jailhouse's hypervisor-interfaces document.  The hypervisor clears
 * reply_from_cell, then posts msg_to_cell; the cell clears msg_to_cell and
 * then writes its reply.
 */
#include <inmate.h>

bool comm_region_valid(void)
{
	const struct jailhouse_comm_region *comm = comm_region();

	return !memcmp(comm->signature, COMM_REGION_MAGIC,
		       sizeof(comm->signature));
}

void comm_region_set_state(u32 state)
{
	if (!comm_region_valid())
		return;
	dmb();
	comm_region()->cell_state = state;
	dsb();
}

u32 comm_region_get_state(void)
{
	return comm_region_valid() ? comm_region()->cell_state :
				     JAILHOUSE_CELL_RUNNING;
}

static void send_reply(u32 reply)
{
	struct jailhouse_comm_region *comm = comm_region();

	comm->msg_to_cell = JAILHOUSE_MSG_NONE;
	dmb();
	comm->reply_from_cell = reply;
	dsb();
}

u32 comm_region_poll(void)
{
	struct jailhouse_comm_region *comm = comm_region();
	u32 msg;

	if (!comm_region_valid())
		return JAILHOUSE_MSG_NONE;

	msg = comm->msg_to_cell;
	dmb();

	switch (msg) {
	case JAILHOUSE_MSG_NONE:
		break;
	case JAILHOUSE_MSG_SHUTDOWN_REQUEST:
		/* the hypervisor spins for the reply: answer first */
		if (comm->cell_state == JAILHOUSE_CELL_RUNNING_LOCKED) {
			send_reply(JAILHOUSE_MSG_REQUEST_DENIED);
			printk("Shutdown request denied: cell is locked\n");
			break;
		}
		send_reply(JAILHOUSE_MSG_REQUEST_APPROVED);
		comm_region_set_state(JAILHOUSE_CELL_SHUT_DOWN);
		printk("Shutdown request approved, stopping.\n");
		halt();
	case JAILHOUSE_MSG_RECONFIG_COMPLETED:
		send_reply(JAILHOUSE_MSG_RECEIVED);
		break;
	default:
		send_reply(JAILHOUSE_MSG_UNKNOWN);
		break;
	}
	return msg;
}
