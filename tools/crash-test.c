// SPDX-License-Identifier: GPL-2.0
/*
 * crash-test: watches a Linux inmate from the root cell over the network
 * link between them (ivshmem-net).  It sends an ICMP echo request at a
 * fixed interval and, for every request not answered in time, prints
 *
 *	No response received for packet N
 *
 * as TI's Jailhouse guide describes; when answers come back it says so.
 * A panicked or hung inmate stops answering, so the root learns of it
 * within interval + timeout.
 *
 *	crash-test [-i MS] [-t MS] [-c COUNT] [-v] ADDRESS
 *
 * -i: interval between requests (500 ms), -t: how long to wait for each
 * answer (500 ms), -c: stop after COUNT requests (0: run until SIGINT or
 * SIGTERM), -v: also print every answer.  ADDRESS is a numeric IPv4
 * address.  Exit status: 0 if every request was answered, 1 if some were
 * not, 2 on a usage or socket error.  Needs a raw socket (root).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PAYLOAD_SIZE	32

struct echo_packet {
	struct icmphdr hdr;
	uint8_t payload[PAYLOAD_SIZE];
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* RFC 1071 internet checksum */
static uint16_t inet_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static int send_request(int fd, const struct sockaddr_in *to, uint16_t id,
			uint16_t seq)
{
	struct echo_packet pkt;

	memset(&pkt, 0, sizeof(pkt));
	pkt.hdr.type = ICMP_ECHO;
	pkt.hdr.un.echo.id = htons(id);
	pkt.hdr.un.echo.sequence = htons(seq);
	memset(pkt.payload, 0xa5, sizeof(pkt.payload));
	pkt.hdr.checksum = inet_checksum(&pkt, sizeof(pkt));
	if (sendto(fd, &pkt, sizeof(pkt), 0, (const struct sockaddr *)to,
		   sizeof(*to)) < 0)
		return -errno;
	return 0;
}

/*
 * The sequence number of an echo reply from @from with our @id in @buf
 * (an IPv4 datagram, as raw sockets deliver it), or -1.
 */
static int reply_seq(const uint8_t *buf, ssize_t len,
		     const struct sockaddr_in *src, const struct sockaddr_in *to,
		     uint16_t id)
{
	const struct iphdr *ip = (const struct iphdr *)buf;
	const struct icmphdr *icmp;
	size_t hlen;

	if (len < (ssize_t)sizeof(*ip) ||
	    src->sin_addr.s_addr != to->sin_addr.s_addr)
		return -1;
	hlen = (size_t)ip->ihl * 4;
	if (len < (ssize_t)(hlen + sizeof(*icmp)))
		return -1;
	icmp = (const struct icmphdr *)(buf + hlen);
	if (icmp->type != ICMP_ECHOREPLY || ntohs(icmp->un.echo.id) != id)
		return -1;
	return ntohs(icmp->un.echo.sequence);
}

/* waits until @deadline for the reply to @seq: 1 answered, 0 not */
static int wait_reply(int fd, const struct sockaddr_in *to, uint16_t id,
		      uint16_t seq, uint64_t deadline)
{
	uint8_t buf[1500];
	struct sockaddr_in src;
	socklen_t slen;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint64_t t;
	ssize_t len;

	while (!stop && (t = now_ms()) < deadline) {
		if (poll(&pfd, 1, (int)(deadline - t)) <= 0)
			continue;
		slen = sizeof(src);
		len = recvfrom(fd, buf, sizeof(buf), 0,
			       (struct sockaddr *)&src, &slen);
		if (len < 0)
			continue;
		if (reply_seq(buf, len, &src, to, id) == seq)
			return 1;
	}
	return 0;
}

static void usage(FILE *out)
{
	fputs("Usage: crash-test [-i MS] [-t MS] [-c COUNT] [-v] ADDRESS\n"
	      "\n"
	      "Sends an ICMP echo request to ADDRESS (numeric IPv4) every\n"
	      "interval and prints \"No response received for packet N\" for\n"
	      "each one not answered within the timeout.\n"
	      "\n"
	      "  -i MS     interval between requests (500)\n"
	      "  -t MS     wait for each answer (500)\n"
	      "  -c COUNT  stop after COUNT requests (0: until interrupted)\n"
	      "  -v        print every answer too\n", out);
}

static bool parse_ms(const char *s, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	return !errno && end != s && !*end && *out <= 3600000;
}

int main(int argc, char **argv)
{
	unsigned long interval = 500, timeout = 500, count = 0;
	unsigned long sent = 0, answered = 0, lost_in_row = 0;
	struct sockaddr_in to = { .sin_family = AF_INET };
	bool verbose = false;
	uint16_t id = (uint16_t)getpid();
	uint64_t next;
	int opt, fd, err;

	while ((opt = getopt(argc, argv, "i:t:c:vh")) != -1) {
		bool ok = true;

		switch (opt) {
		case 'i':
			ok = parse_ms(optarg, &interval) && interval;
			break;
		case 't':
			ok = parse_ms(optarg, &timeout) && timeout;
			break;
		case 'c':
			ok = parse_ms(optarg, &count);
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
		if (!ok) {
			fprintf(stderr, "crash-test: -%c: bad value \"%s\"\n",
				opt, optarg);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	if (inet_pton(AF_INET, argv[optind], &to.sin_addr) != 1) {
		fprintf(stderr, "crash-test: \"%s\" is no numeric IPv4 address\n",
			argv[optind]);
		return 2;
	}

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0) {
		perror("crash-test: raw ICMP socket (run as root)");
		return 2;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	printf("crash-test: pinging %s every %lu ms, %lu ms for each answer\n",
	       argv[optind], interval, timeout);
	fflush(stdout);

	next = now_ms();
	while (!stop && (!count || sent < count)) {
		uint16_t seq = (uint16_t)++sent;

		err = send_request(fd, &to, id, seq);
		if (err)
			fprintf(stderr, "crash-test: packet %lu: %s\n", sent,
				strerror(-err));
		if (!err && wait_reply(fd, &to, id, seq, now_ms() + timeout)) {
			answered++;
			if (lost_in_row)
				printf("Response received again for packet %lu, after %lu without\n",
				       sent, lost_in_row);
			else if (verbose)
				printf("Response received for packet %lu\n",
				       sent);
			lost_in_row = 0;
		} else if (!stop) {
			printf("No response received for packet %lu\n", sent);
			lost_in_row++;
		} else {
			/* interrupted while waiting: not a lost answer */
			sent--;
		}
		fflush(stdout);

		next += interval;
		while (!stop && now_ms() < next)
			usleep((useconds_t)(next - now_ms()) * 1000);
	}

	printf("crash-test: %lu sent, %lu answered, %lu without response\n",
	       sent, answered, sent - answered);
	close(fd);
	return answered == sent ? 0 : 1;
}
