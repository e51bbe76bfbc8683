#!/bin/sh
# mkdisk.sh TREE OUT - a small partitioned raw disk image holding the folder
# TREE twice, for the disk image tests (issue 22): partition 1 FAT16
# (mkfs.vfat, filled with mtools: no privileges), partition 2 NTFS (mkntfs,
# filled through an ntfs-3g FUSE mount of the partition file: ntfscp cannot
# make folders).  The MBR is written here (no sfdisk or parted needed).
# Exit 0: both partitions; 3: no NTFS (ntfs-3g could not mount here: the
# disk has the FAT16 partition only, and says so on stderr); 1: failure.
# MKDISK_NTFS=0: the FAT16 partition only, exit 0 (the bench: no FUSE);
# MKDISK_FAT_MIB=N: its size (default 4; FAT16 takes up to 2 GiB).
# Tools: mkfs.vfat, mmd, mcopy (dosfstools, mtools), mkntfs, ntfs-3g,
# fusermount (ntfs-3g, fuse3), python3.
set -u
tree=$1 out=$2
work=$(mktemp -d) || exit 1
trap 'fusermount -u "$work/mnt" 2>/dev/null; rm -rf "$work"' EXIT
MIB=1048576
FAT_MIB=${MKDISK_FAT_MIB:-4} NTFS_MIB=4

# FAT16 at sector 2048 (1 MiB): one sector a cluster for a small one
# (FAT16 needs 4085 clusters at least, and holds 65524 at most).
spc=1
[ "$FAT_MIB" -le 16 ] || spc=$(( (FAT_MIB + 15) / 16 * 2 ))
[ "$spc" -le 64 ] || spc=64
truncate -s $((FAT_MIB * MIB)) "$work/fat" &&
	mkfs.vfat -F 16 -s $spc -n HIVEDIAG "$work/fat" >/dev/null || exit 1
(cd "$tree" && find . -mindepth 1 -type d | sort) | while IFS= read -r d; do
	mmd -i "$work/fat" "::/${d#./}" || exit 1
done || exit 1
(cd "$tree" && find . -type f | sort) | while IFS= read -r f; do
	mcopy -i "$work/fat" "$tree/${f#./}" "::/${f#./}" || exit 1
done || exit 1

# NTFS: 512-byte sectors, 4 KiB clusters, the partition's offset given
# (mkntfs -p) as Windows would have it.
ntfs=1
[ "${MKDISK_NTFS:-1}" = 0 ] && ntfs=0 NTFS_MIB=0
if [ $ntfs -eq 1 ]; then
	truncate -s $((NTFS_MIB * MIB)) "$work/ntfs" &&
		mkntfs -q -F -Q -s 512 -c 4096 -p $((2048 + FAT_MIB * 2048)) -L HIVEDIAG "$work/ntfs" >/dev/null 2>&1 || exit 1
fi
mkdir "$work/mnt"
if [ $ntfs -eq 0 ]; then
	:
elif ntfs-3g "$work/ntfs" "$work/mnt" 2>"$work/mount.err"; then
	cp -R "$tree/." "$work/mnt/" && fusermount -u "$work/mnt" || exit 1
else
	echo "mkdisk: ntfs-3g cannot mount here ($(head -c 200 "$work/mount.err")): no NTFS partition" >&2
	ntfs=0
fi

# The disk: MBR, 1 MiB gap, FAT16 (type 06), NTFS (type 07), 1 MiB after.
total=$((1 + FAT_MIB + NTFS_MIB + 1))
truncate -s $((total * MIB)) "$out" || exit 1
dd if="$work/fat" of="$out" bs=$MIB seek=1 conv=notrunc status=none || exit 1
[ $ntfs -eq 0 ] || dd if="$work/ntfs" of="$out" bs=$MIB seek=$((1 + FAT_MIB)) conv=notrunc status=none || exit 1
/usr/bin/python3 - "$out" $FAT_MIB $NTFS_MIB $ntfs <<'PY' || exit 1
import struct, sys
out, fat, ntfs, has_ntfs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
def entry(boot, ptype, start, count):
    # CHS fields are the LBA-only marker (FE FF FF), as modern tools write.
    return struct.pack("<B3sB3sII", boot, b"\xfe\xff\xff", ptype, b"\xfe\xff\xff", start, count)
parts = [entry(0x80, 0x06, 2048, fat * 2048)]
if has_ntfs:
    parts.append(entry(0x00, 0x07, 2048 + fat * 2048, ntfs * 2048))
table = b"".join(parts).ljust(64, b"\0")
with open(out, "r+b") as f:
    f.seek(440)
    f.write(struct.pack("<I", 0x48444941) + b"\0\0" + table + b"\x55\xaa")
PY
[ $ntfs -eq 1 ] || [ "${MKDISK_NTFS:-1}" = 0 ] || exit 3
exit 0
