// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem-demo: one Linux peer of an ivshmem v2 link, through the UIO
 * device of uio_ivshmem.ko.  The counterpart of the bare-metal
 * ivshmem-demo inmate and of itself in another Linux.
 *
 *   ivshmem-demo [-d /dev/uioN] [-t PEER] [-i MS] [-n COUNT]
 *
 * Announces state ID + 1, then every MS milliseconds (1000) rings PEER
 * ((ID + 1) % peers) with vector ID + 1 and reports every interrupt it
 * gets.  After each event it shows the state table, the first int of
 * each peer's slot in the r/w section, and the first int of each peer's
 * output section.  It keeps in the shared memory what it did:
 *   rw[ID]     interrupts received
 *   its output doorbells sent
 * With -n it stops after COUNT doorbells; on exit (also SIGINT/SIGTERM)
 * it announces state 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define REG_ID		0
#define REG_MAX_PEERS	1
#define REG_INT_CTRL	2
#define REG_DOORBELL	3
#define REG_STATE	4

/* UIO maps of uio_ivshmem.ko */
enum { MAP_REGS, MAP_STATE, MAP_RW, MAP_INPUT, MAP_OUTPUT, NUM_MAPS };

struct ivshmem {
	int fd;
	volatile uint32_t *regs;
	volatile uint32_t *state;
	volatile int32_t *rw;
	volatile int32_t *input;
	volatile int32_t *output;
	size_t size[NUM_MAPS];
	uint32_t id, peers;
	/* rw[id] exists: the r/w section has room for this peer's slot */
	int has_rw_slot;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "ivshmem-demo: %s%s%s\n", what, detail ? ": " : "",
		detail ? detail : "");
	exit(1);
}

/* /sys/class/uio/uioN/maps/mapM/size, 0 if the map does not exist */
static size_t map_size(const char *dev, int map)
{
	const char *name = strrchr(dev, '/');
	unsigned long long size = 0;
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/uio/%s/maps/map%d/size",
		 name ? name + 1 : dev, map);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llx", &size) != 1)
		size = 0;
	fclose(f);
	return size;
}

static void *map(struct ivshmem *ivs, const char *dev, int mi, int prot)
{
	void *p;

	ivs->size[mi] = map_size(dev, mi);
	if (!ivs->size[mi])
		return NULL;
	p = mmap(NULL, ivs->size[mi], prot, MAP_SHARED, ivs->fd,
		 (off_t)mi * getpagesize());
	if (p == MAP_FAILED)
		die("cannot map the shared memory", strerror(errno));
	return p;
}

static void show(const struct ivshmem *ivs)
{
	size_t out_size = ivs->size[MAP_INPUT] / ivs->peers;
	uint32_t n;

	for (n = 0; n < ivs->peers; n++)
		printf("state[%u] = %u\n", n, ivs->state[n]);
	for (n = 0; n < ivs->peers &&
		    (n + 1) * sizeof(int32_t) <= ivs->size[MAP_RW]; n++)
		printf("rw[%u] = %d\n", n, ivs->rw[n]);
	for (n = 0; n < ivs->peers && ivs->input && out_size; n++)
		printf("in@0x%04zx = %d\n", n * out_size,
		       ivs->input[n * out_size / sizeof(int32_t)]);
	fflush(stdout);
}

static void irq_enable(const struct ivshmem *ivs)
{
	uint32_t on = 1;

	if (write(ivs->fd, &on, sizeof(on)) != sizeof(on))
		die("cannot enable interrupts", strerror(errno));
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: ivshmem-demo [-d /dev/uioN] [-t PEER] [-i MS] [-n COUNT]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/uio0";
	long target = -1, interval = 1000, count = -1, sent = 0;
	struct ivshmem ivs = { 0 };
	struct sigaction sa = { 0 };
	uint32_t received = 0, events;
	long long next;
	int opt;

	while ((opt = getopt(argc, argv, "d:t:i:n:")) != -1) {
		switch (opt) {
		case 'd':
			dev = optarg;
			break;
		case 't':
			target = strtol(optarg, NULL, 0);
			break;
		case 'i':
			interval = strtol(optarg, NULL, 0);
			break;
		case 'n':
			count = strtol(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || interval <= 0)
		usage();

	ivs.fd = open(dev, O_RDWR);
	if (ivs.fd < 0)
		die(dev, strerror(errno));
	ivs.regs = map(&ivs, dev, MAP_REGS, PROT_READ | PROT_WRITE);
	ivs.state = map(&ivs, dev, MAP_STATE, PROT_READ);
	if (!ivs.regs || !ivs.state)
		die(dev, "not an ivshmem device of uio_ivshmem");
	ivs.rw = map(&ivs, dev, MAP_RW, PROT_READ | PROT_WRITE);
	ivs.input = map(&ivs, dev, MAP_INPUT, PROT_READ);
	ivs.output = map(&ivs, dev, MAP_OUTPUT, PROT_READ | PROT_WRITE);

	ivs.id = ivs.regs[REG_ID];
	ivs.peers = ivs.regs[REG_MAX_PEERS];
	if (!ivs.peers || ivs.id >= ivs.peers)
		die(dev, "the device reports no valid peer id");
	if (target < 0)
		target = (ivs.id + 1) % ivs.peers;
	if ((unsigned long)target >= ivs.peers)
		die("-t", "no such peer on this link");

	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	printf("ID = %u\nMaximum peers = %u\n", ivs.id, ivs.peers);
	ivs.has_rw_slot = (ivs.id + 1) * sizeof(int32_t) <= ivs.size[MAP_RW];
	if (ivs.has_rw_slot)
		ivs.rw[ivs.id] = 0;
	if (ivs.output)
		ivs.output[0] = 0;
	irq_enable(&ivs);
	ivs.regs[REG_STATE] = ivs.id + 1;
	show(&ivs);

	next = now_ms() + interval;
	while (!stop && (count < 0 || sent < count)) {
		struct pollfd pfd = { .fd = ivs.fd, .events = POLLIN };
		long long wait = next - now_ms();
		int ret;

		ret = poll(&pfd, 1, wait > 0 ? (int)wait : 0);
		if (ret < 0 && errno != EINTR)
			die("poll", strerror(errno));
		if (ret > 0) {
			if (read(ivs.fd, &events, sizeof(events)) !=
			    sizeof(events))
				die("cannot read interrupt count",
				    strerror(errno));
			received++;
			if (ivs.has_rw_slot)
				ivs.rw[ivs.id] = received;
			printf("\nInterrupt #%u\n", received);
			show(&ivs);
			irq_enable(&ivs);
		}
		if (now_ms() >= next) {
			sent++;
			if (ivs.output)
				ivs.output[0] = sent;
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			printf("\nSending interrupt %u to peer %ld\n",
			       ivs.id + 1, target);
			fflush(stdout);
			ivs.regs[REG_DOORBELL] =
				(uint32_t)target << 16 | (ivs.id + 1);
			next += interval;
		}
	}
	ivs.regs[REG_STATE] = 0;
	return 0;
}
