# Shell functions of the initramfs builders mkinitrd (the root cell's) and
# mkinitrd-inmate (the Linux inmate's); sourced, needs bash with set -eu.
#
#   initrd_guest NAME KERNEL  guest kernel series KERNEL (6.1 = cache
#                             guest/, else guest-KERNEL/): sets $guest,
#                             $kver and $busybox, or fails naming NAME
#   initrd_base ROOT          busybox, /bin/sh, /init and the usual dirs
#   initrd_kmods ROOT MOD...  the kernel's own modules MOD (paths below
#                             kernel/, no suffix), uncompressed, and its
#                             module lists; run initrd_depmod afterwards
#   initrd_depmod ROOT        the module index busybox's modprobe reads
#   initrd_pack ROOT OUT [gzip]  newc cpio of ROOT, reproducible

initrd_guest() {
	local name=$1 kernel=$2
	local cache=${JH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jailhouse-sim}

	busybox=$cache/guest/busybox
	[ -x "$busybox" ] || {
		echo "$name: no busybox in $cache/guest; run ci/setup-host" >&2
		exit 1
	}
	guest=$cache/guest
	[ "$kernel" = 6.1 ] || guest=$cache/guest-$kernel
	[ -f "$guest/kernel-release" ] || {
		echo "$name: no guest kernel $kernel in $guest; run ci/setup-host" >&2
		exit 1
	}
	kver=$(cat "$guest/kernel-release")
}

initrd_base() {
	local root=$1

	mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,root,run}
	mkdir -p "$root/lib/modules/$kver"
	cp "$busybox" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	ln -s bin/busybox "$root/init"
}

initrd_kmods() {
	local root=$1 m dst f
	local kroot=$guest/root/lib/modules/$kver
	shift

	# uncompressed: busybox's modprobe cannot unpack them
	for m in "$@"; do
		dst=$root/lib/modules/$kver/kernel/$m.ko
		mkdir -p "$(dirname "$dst")"
		if [ -f "$kroot/kernel/$m.ko" ]; then
			cp "$kroot/kernel/$m.ko" "$dst"
		elif [ -f "$kroot/kernel/$m.ko.xz" ]; then
			xz -dc "$kroot/kernel/$m.ko.xz" >"$dst"
		else
			echo "initrd: no $m.ko in $kroot" >&2
			exit 1
		fi
	done
	# modprobe needs the module index; the built-in list keeps it quiet
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		[ -f "$kroot/$f" ] && cp "$kroot/$f" "$root/lib/modules/$kver/"
	done
	return 0
}

initrd_depmod() {
	depmod -b "$1" "$kver"
}

initrd_pack() {
	local root=$1 out=$2 compress=${3:-}

	mkdir -p "$(dirname "$out")"
	(cd "$root" && find . | LC_ALL=C sort |
		cpio --quiet -o -H newc -R root:root --reproducible) |
		if [ "$compress" = gzip ]; then gzip -n -9; else cat; fi \
		>"$out.tmp"
	mv "$out.tmp" "$out"
}
