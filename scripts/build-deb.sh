#!/bin/sh
# build-deb.sh OUTDIR [DPKG-BUILDPACKAGE-OPTION...] - build the Debian package
# from a copy of the source tree, as a fresh clone would have it: the files git
# tracks (outside a git checkout, every file but build/), copied to
# OUTDIR/hivediag-VERSION.  dpkg-buildpackage writes the .deb, .changes and
# .buildinfo beside that copy, in OUTDIR; nothing is written outside OUTDIR.
# Options default to -us -uc -b (binary only, unsigned).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: build-deb.sh OUTDIR [DPKG-BUILDPACKAGE-OPTION...]" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
shift
[ $# -gt 0 ] || set -- -us -uc -b
for cmd in dpkg-buildpackage dh; do
	command -v "$cmd" >/dev/null 2>&1 && continue
	echo "build-deb.sh: $cmd not found; run: sh scripts/ensure-deps.sh build deb" >&2
	exit 1
done
version=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$top/debian/changelog")
src="$out/hivediag-$version"
rm -rf "$src"
mkdir -p "$src"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# Tracked files as they are in the work tree (uncommitted edits included).
	git -C "$top" ls-files -z | (cd "$top" && tar --null -T - --no-recursion -cf -) | tar -C "$src" -xf -
else
	(cd "$top" && tar --exclude=./build -cf - .) | tar -C "$src" -xf -
fi
# A make target that runs this (make check-deb) passes its make
# variables (SANITIZE=1, BUILD, the jobserver) down through the environment;
# the package is built plain, whoever calls this.
unset MAKEFLAGS MFLAGS MAKELEVEL BUILD SANITIZE
cd "$src"
dpkg-buildpackage "$@"
