#!/bin/sh
# test_image_source.sh - disk images through The Sleuth Kit (issue 22).  An
# NT 4.0 installation (SYSTEM dirty with its log, SOFTWARE, the repair
# copy compressed, SYSTEM.ALT) is put on a disk made here (mkdisk.sh:
# partition 1 FAT16, partition 2 NTFS), which is then converted to each
# form an examiner holds: raw, split raw (.001...), E01, VHD, VMDK.  Each,
# as a HIVE operand and to --root, gives on each partition the same
# reports as --root on the tree itself (same verdicts, findings, changes;
# start time, paths and provenance masked), and each file's provenance
# names the image, the partition and the file system entry.  Nothing is
# committed but this script: the images are a few MiB, made in seconds.
. "$(dirname "$0")/lib.sh"

if [ ! -e "$SAMPLES/healthy-nt4.hive" ] || ! command -v mscompress >/dev/null ||
	! command -v mkfs.vfat >/dev/null || ! command -v mcopy >/dev/null || ! command -v mkntfs >/dev/null; then
	skip_all "sample hives, mscompress, dosfstools, mtools or ntfs-3g missing (make deps)"
fi
here=$(dirname "$0")
# libtsk is loaded at the first image (src/source/tsk_load.h), never linked: every report below reads it so.
if command -v readelf >/dev/null; then
	readelf -d "$HIVEDIAG_BIN" | grep NEEDED | grep -q libtsk && not_ok "hivediag links libtsk" ||
		ok "hivediag links no libtsk: it is loaded at the first disk image"
fi
same() { /usr/bin/python3 "$here/same_reports.py" "$@"; }

# --- the installation: as test_root.sh's NT 4.0 volume, SYSTEM dirty with
# a log that replays (healthy-nt4's pages over imc-site-mismatch's).
nt4="$TMP/nt4"
cfg="$nt4/WINNT/System32/CONFIG"
mkdir -p "$cfg" "$nt4/WINNT/Repair"
printf '[boot loader]\r\ndefault=multi(0)disk(0)rdisk(0)partition(2)\\WINNT\r\n' >"$nt4/BOOT.INI"
/usr/bin/python3 "$here/mkdirty.py" "$SAMPLES/imc-site-mismatch.hive" "$SAMPLES/healthy-nt4.hive" "$cfg/SYSTEM" \
	>/dev/null || not_ok "mkdirty"
cp "$SAMPLES/software-sp4.hive" "$cfg/software"
cp "$SAMPLES/imc-site-mismatch.hive" "$cfg/system.alt"
cp "$SAMPLES/healthy-nt4.hive" "$TMP/system"
(cd "$TMP" && mscompress system && mv system_ "$nt4/WINNT/Repair/SYSTEM._")

run "$HIVEDIAG" --root "$nt4"
want_rc=$rc
cp "$TMP/out" "$TMP/want.json"
expect_json '" ".join(x["role"] for x in r)' "current repair alt" "reference: --root on the tree"
nwant=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$TMP/want.json")

img="$TMP/img"
mkdir "$img"
sh "$here/mkdisk.sh" "$nt4" "$img/disk.raw" 2>"$TMP/mkdisk.err"
case $? in
0) parts="p1 p2" ;;
3) parts="p1"; skip_part "NTFS partition: $(cat "$TMP/mkdisk.err")" ;;
*) not_ok "mkdisk.sh" "$(cat "$TMP/mkdisk.err")"; finish; exit 1 ;;
esac
forms="disk.raw"
split -b 3M -d -a 3 --numeric-suffixes=1 "$img/disk.raw" "$img/split." && forms="$forms split.001"
if command -v ewfacquire >/dev/null; then
	ewfacquire -u -q -t "$img/disk" -c fast -d sha1 "$img/disk.raw" >/dev/null 2>&1 && forms="$forms disk.E01"
else
	skip_part "ewfacquire missing (ewf-tools): no E01"
fi
if command -v qemu-img >/dev/null; then
	qemu-img convert -f raw -O vpc "$img/disk.raw" "$img/disk.vhd" && forms="$forms disk.vhd"
	qemu-img convert -f raw -O vmdk "$img/disk.raw" "$img/disk.vmdk" && forms="$forms disk.vmdk"
else
	skip_part "qemu-img missing (qemu-utils): no VHD, VMDK"
fi
before=$(cd "$img" && sha256sum -- * | LC_ALL=C sort)

# --- each form, as an operand and to --root: per partition, the tree's
# reports.  Under a wrapper (valgrind: seconds a run) each form one way,
# the two ways taking turns.
n=0
for f in $forms; do
	hows="operand --root"
	if [ -n "${HIVEDIAG_WRAPPER:-}" ]; then
		hows=operand
		[ $((n % 2)) -eq 0 ] || hows=--root
	fi
	n=$((n + 1))
	for how in $hows; do
		if [ $how = operand ]; then run "$HIVEDIAG" "$img/$f"; else run "$HIVEDIAG" --root "$img/$f"; fi
		expect_rc $want_rc "$f ($how): the exit status of --root on the tree"
		expect_valid "$f ($how)"
		i=0
		for p in $parts; do
			if out=$(same "$TMP/out" "$img/$f!/$p" "$TMP/want.json" "$nt4" $i); then
				ok "$f ($how) $p: the same reports as --root on the tree ($out)"
			else
				not_ok "$f ($how) $p: reports differ from --root on the tree" "$out"
			fi
			i=$((i + nwant))
		done
	done
done
after=$(cd "$img" && sha256sum -- * | LC_ALL=C sort)
[ "$before" = "$after" ] && ok "nothing written to any image" || not_ok "an image changed"

# --- what the reports say about where each file was.
run "$HIVEDIAG" "$img/disk.raw"
expect_json '[x["hive"]["path"].split("!/")[1] for x in r]' \
	"$(/usr/bin/python3 -c 'import sys; print(repr([p + "/" + f for p in sys.argv[1:] for f in ("WINNT/System32/CONFIG/SYSTEM", "WINNT/Repair/SYSTEM._", "WINNT/System32/CONFIG/system.alt")]).replace("'"'"'", "\""))' $parts)" \
	"raw: each installation's copies named IMAGE!/pN/path, exact case"
expect_json 'r[0]["root"]["systemroot"] + " " + str(r[0]["root"]["from_boot_ini"])' "WINNT True" \
	"raw: BOOT.INI read from the partition"
expect_json 'r[0]["hive"]["recovery"] is not None and r[0]["hive"]["dirty"]' "true" \
	"raw: the dirty SYSTEM's log was found beside it on the FAT partition"
expect_json 'r[0]["facts"]["software"]["hive"]["path"].endswith("!/p1/WINNT/System32/CONFIG/software")' "true" \
	"raw: SYSTEM paired with the SOFTWARE hive on its partition"
expect_json 'r[1]["hive"]["expanded"]["format"]' "SZDD" "raw: the repair copy expanded from inside the image"

# Provenance: image > partition > the file system's entry, per file.
expect_json '[l["kind"] for l in r[0]["hive"]["provenance"]]' '["image", "partition", "fat"]' \
	"raw p1: SYSTEM's provenance chain"
expect_json '[r[0]["hive"]["provenance"][0][k] for k in ("format", "size", "segments")]' '["raw", 10485760, 1]' \
	"raw: the image's format, media size and segments"
expect_json '[r[0]["hive"]["provenance"][1][k] for k in ("number", "offset", "length", "file_system")]' \
	'[1, 1048576, 4194304, "fat16"]' "raw p1: partition number, byte offset, length and file system"
expect_json '[k in r[0]["hive"]["provenance"][2] for k in ("path", "dir_entry", "mtime", "ctime")]' \
	'[true, true, true, false]' "raw p1: FAT directory entry and times, no change time invented"
expect_json '[l["kind"] for l in r[0]["facts"]["software"]["hive"]["provenance"]]' '["image", "partition", "fat"]' \
	"raw p1: the paired SOFTWARE hive's chain"
expect_json '[f["provenance"][-1]["path"] for f in r[0]["root"]["files"] if f["provenance"]]' \
	'["/WINNT/System32/CONFIG/SYSTEM", "/WINNT/System32/CONFIG/software", "/WINNT/Repair/SYSTEM._", "/WINNT/System32/CONFIG/system.alt"]' \
	"raw p1: each file of the installation with its own chain"
if [ "$parts" = "p1 p2" ]; then
	expect_json '[l["kind"] for l in r[3]["hive"]["provenance"]]' '["image", "partition", "ntfs"]' \
		"raw p2: SYSTEM's provenance chain"
	expect_json 'r[3]["hive"]["provenance"][2]["path"] + " " + str(r[3]["hive"]["provenance"][2]["mft_entry"] > 15)' \
		"/WINNT/System32/CONFIG/SYSTEM True" "raw p2: the NTFS path and MFT entry"
	expect_json '[k in r[3]["hive"]["provenance"][2] for k in ("crtime", "mtime", "ctime", "atime")]' \
		'[true, true, true, true]' "raw p2: the file's four NTFS times"
fi
run "$HIVEDIAG" "$img/split.001"
expect_json 'r[0]["hive"]["provenance"][0]["segments"]' 4 "split raw: its four segments read"
case " $forms " in *" disk.E01 "*)
	run "$HIVEDIAG" "$img/disk.E01"
	expect_json 'r[0]["hive"]["provenance"][0]["md5_stored"]' "$(md5sum <"$img/disk.raw" | cut -d' ' -f1)" \
		"E01: the MD5 the E01 stores, which is the raw disk's"
	expect_json 'r[0]["hive"]["provenance"][0]["sha1_stored"]' "$(sha1sum <"$img/disk.raw" | cut -d' ' -f1)" \
		"E01: the SHA-1 the E01 stores"
	expect_json 'r[0]["hive"]["provenance"][0]["format"]' "ewf" "E01: its format" ;;
esac

# --- misuse: damaged, foreign and bare images.
head -c 1048576 "$img/disk.raw" >"$TMP/table-only.raw" && truncate -s 8M "$TMP/table-only.raw"
run "$HIVEDIAG" "$TMP/table-only.raw"
expect_rc 2 "a partition table and no file system"
expect_json 'r[0]["error"]["code"]' "image_no_filesystem" "no file system: its error code"
expect_err 'table-only\.raw: raw image: no partition holds an NTFS or FAT file system \(p1: ' "no file system: says so"
expect_valid "no file system"
dd if="$img/disk.raw" of="$TMP/fat.raw" bs=1M skip=1 count=4 status=none
run "$HIVEDIAG" --root "$TMP/fat.raw"
expect_rc $want_rc "a bare FAT16 file system (no partition table)"
expect_json 'r[0]["hive"]["path"].endswith("fat.raw!/p0/WINNT/System32/CONFIG/SYSTEM")' "true" \
	"bare file system: the whole image is p0"
mkdir -p "$TMP/empty" && : >"$TMP/empty/readme.txt"
sh "$here/mkdisk.sh" "$TMP/empty" "$TMP/empty.raw" 2>/dev/null
run "$HIVEDIAG" "$TMP/empty.raw"
expect_rc 2 "an image with no Windows installation"
expect_json 'r[0]["error"]["code"]' "no_installation" "no installation: its error code"
expect_err 'empty\.raw: no Windows installation' "no installation: says so"
printf 'EVF\011\015\012\377\000\001\001\000\000\000' >"$TMP/cut.E01"
run "$HIVEDIAG" "$TMP/cut.E01"
expect_rc 2 "an E01 cut after its signature"
expect_json 'r[0]["error"]["code"]' "image_unreadable" "cut E01: its error code"
expect_err 'cut\.E01: ewf image: ' "cut E01: libtsk's reason"
expect_valid "cut E01"
finish
