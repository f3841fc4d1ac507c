#!/bin/sh
# linux-demo.sh: TI's "Two Guest VMs" demo.  Enables the hypervisor if it
# is not on, starts the Linux inmate cell of this board (its console is
# the board's second UART), brings up the root's end of the ivshmem-net
# link and, with -c, watches the inmate with crash-test.
#
#   linux-demo.sh          start the Linux demo
#   linux-demo.sh -c       then run the crash test in the foreground
#   linux-demo.sh -c -b    then run the crash test in the background
#
# The inmate configures its end of the link as INMATE_IP by itself.
set -eu

JH=/usr/share/jailhouse
ROOT_IP=192.168.19.1
INMATE_IP=192.168.19.2
NET_PREFIX=24
# how long the inmate has to boot and answer before -c gives up
ANSWER_TIMEOUT_S=120

die() {
	echo "linux-demo: $*" >&2
	exit 1
}

usage() {
	echo "Usage: linux-demo.sh [-c [-b]]"
	echo "  -c  run the crash test after starting the Linux demo"
	echo "  -b  run the crash test in the background"
}

crash_test=0
background=0
while getopts "cbh" opt; do
	case $opt in
	c) crash_test=1 ;;
	b) background=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
[ $background = 0 ] || [ $crash_test = 1 ] || die "-b needs -c"

# the board, from its device tree: system config, inmate cell, addresses
# (cell addresses of the kernel, its initramfs and the device tree)
compatible=$(tr '\0' ' ' < /proc/device-tree/compatible 2>/dev/null || true)
case "$compatible" in
*linux,dummy-virt*)
	board=qemu-arm64
	system=$JH/cells/qemu-arm64.cell
	cell_config=$JH/cells/qemu-arm64-linux-demo.cell
	kernel_addr=0x70200000 initrd_addr=0x74000000 dtb_addr=0x70000000
	dtb=$JH/inmate-qemu-arm64.dtb
	;;
*ti,am625*)
	board=k3-am625-sk
	system=$JH/cells/k3-am625-sk.cell
	cell_config=$JH/cells/k3-am625-sk-linux-demo.cell
	kernel_addr=0xe0200000 initrd_addr=0xe28d4000 dtb_addr=0xe0000000
	dtb=$JH/inmate-k3-am625-sk.dtb
	;;
*)
	die "no Linux demo for this board (device tree compatible: ${compatible:-none})"
	;;
esac
cell=$board-linux-demo
loader=$JH/inmates/linux-loader.bin
kernel=/boot/Image
initrd=/boot/rootfs.cpio
for f in "$system" "$cell_config" "$loader" "$kernel" "$initrd" "$dtb"; do
	[ -r "$f" ] || die "$f is missing"
done

modprobe jailhouse 2>/dev/null || true
if [ "$(cat /sys/devices/jailhouse/enabled 2>/dev/null)" != 1 ]; then
	jailhouse enable "$system"
fi
if jailhouse cell list | grep -qw "$cell"; then
	die "cell $cell exists already: jailhouse cell destroy $cell first"
fi

jailhouse cell create "$cell_config"
if ! jailhouse cell load "$cell" "$loader" -a 0x0 \
	-s "kernel=$kernel_addr dtb=$dtb_addr" -a 0x1000 \
	"$kernel" -a "$kernel_addr" "$initrd" -a "$initrd_addr" \
	"$dtb" -a "$dtb_addr" ||
   ! jailhouse cell start "$cell"; then
	jailhouse cell destroy "$cell" || true
	die "could not start $cell, destroyed it again"
fi
echo "linux-demo: $cell started, its console is the second UART"

# the root's end of the network link: the interface ivshmem-net made
net=
for dev in /sys/bus/pci/drivers/ivshmem-net/*/net/*; do
	[ -e "$dev" ] && net=${dev##*/} && break
done
[ -n "$net" ] || die "no ivshmem-net interface in the root (is ivshmem-net.ko loaded?)"
ip addr show dev "$net" | grep -q "inet $ROOT_IP/" ||
	ip addr add "$ROOT_IP/$NET_PREFIX" dev "$net"
ip link set dev "$net" up
echo "linux-demo: root is $ROOT_IP on $net, the inmate will be $INMATE_IP"

[ $crash_test = 1 ] || exit 0

echo "linux-demo: waiting for the inmate to answer on $INMATE_IP"
waited=0
until ping -c 1 -W 1 "$INMATE_IP" >/dev/null 2>&1; do
	waited=$((waited + 1))
	[ $waited -lt $ANSWER_TIMEOUT_S ] ||
		die "the inmate did not answer within $ANSWER_TIMEOUT_S s"
done
echo "linux-demo: the inmate answers, starting the crash test"
if [ $background = 1 ]; then
	crash-test "$INMATE_IP" &
	echo "linux-demo: crash test running in the background (pid $!)"
else
	exec crash-test "$INMATE_IP"
fi
