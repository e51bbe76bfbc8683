#!/bin/sh
# ensure-deps.sh [--check] SET... - make sure the Debian packages hivediag needs are there.
#
# --check: install nothing; list what is missing, say to run `make deps`, exit 1
# (a plain `make` uses this: it never runs apt-get behind the user's back).
#
# Sets: build (compile the analyzer and the sample-hive builder), test (make
# check, make check-valgrind), deb (make deb and make check-deb: build the
# Debian package, and lint it), fuzz (make fuzz: clang and its libFuzzer and sanitizer runtimes).
# The build dependencies are one list, debian/control's Build-Depends: the
# build set is its packages (and gcc and make, which Debian's build-essential
# implies); those marked <!nocheck> (what the package build's tests need) are
# in the test set; debhelper-compat, as debhelper, in the deb set.
# Each missing one is installed with apt-get (through sudo when not
# root and sudo works without a password); otherwise this stops and prints
# the exact command to run.  Nothing is downloaded from anywhere else.
set -u

missing=""
check_only=0
if [ "${1:-}" = --check ]; then check_only=1; shift; fi
need() { # need PACKAGE CHECK...
	pkg=$1; shift
	if ! "$@" >/dev/null 2>&1; then missing="$missing $pkg"; fi
}
has_cmd() { command -v "$1"; }
has_pc() { has_cmd pkg-config && pkg-config --exists "$1"; }
has_file() { test -e "$1"; }
has_py() { /usr/bin/python3 -c "import $1"; }
has_glob() { for f in $1; do test -e "$f" && return 0; done; return 1; }
has_gnu_parallel() { parallel --version </dev/null | grep -q 'GNU parallel'; }
has_deb() { dpkg-query -W -f '${db:Status-Abbrev}' "$1" | grep -q '^ii'; }

# control_deps build|check|debhelper: the packages of debian/control's
# Build-Depends that are unrestricted, marked <!nocheck>, or debhelper-compat
# (as debhelper); of alternatives, the first; versions and architecture
# qualifiers dropped.  Shell builtins only: --check must work, and name what
# is missing, on a machine that lacks anything.
case $0 in */*) here=${0%/*} ;; *) here=. ;; esac
control="$here/../debian/control"
control_deps() {
	field="" in_bd=0
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'#'*) continue ;;
		Build-Depends:*) in_bd=1; line=${line#Build-Depends:} ;;
		[!\ \	]* | '') in_bd=0 ;;
		esac
		[ "$in_bd" -eq 1 ] && field="$field $line"
	done <"$control"
	rest="$field,"
	while [ -n "$rest" ]; do
		dep=${rest%%,*}
		rest=${rest#*,}
		dep=${dep%%|*}
		dep=${dep#"${dep%%[!\ \	]*}"}
		name=${dep%%[\ \	(<[:]*}
		[ -n "$name" ] || continue
		case $name:$dep in
		debhelper-compat:*) [ "$1" = debhelper ] && echo debhelper ;;
		*'<!nocheck>'*) [ "$1" = check ] && echo "$name" ;;
		*'<'*) ;;
		*) [ "$1" = build ] && echo "$name" ;;
		esac
	done
}

for set in "$@"; do
	case $set in
	build)
		need gcc has_cmd cc
		need make has_cmd make
		for p in $(control_deps build); do need "$p" has_deb "$p"; done
		;;
	deb)
		need build-essential has_deb build-essential
		need dpkg-dev has_cmd dpkg-buildpackage
		for p in $(control_deps debhelper); do need "$p" has_deb "$p"; done
		need lintian has_cmd lintian
		;;
	test)
		for p in $(control_deps check); do need "$p" has_deb "$p"; done
		need mandoc has_cmd mandoc
		need man-db has_cmd man         # test_width.sh: the man page as man(1) renders it
		need xz-utils has_cmd xz
		need reglookup has_cmd reglookup
		need libhivex-bin has_cmd hivexsh
		need libwin-hivex-perl has_cmd hivexregedit
		need strace has_cmd strace
		need valgrind has_cmd valgrind
		need parallel has_gnu_parallel
		# test_recipes.sh: the spread-run recipes over loopback (sshd, and
		# munged, slurmctld, slurmd of a one-node Slurm cluster).
		need openssh-client has_cmd ssh-keygen
		need openssh-server has_file /usr/sbin/sshd
		need munge has_file /usr/sbin/munged
		need slurm-wlm has_file /usr/sbin/slurmd
		;;
	fuzz)
		need clang has_cmd clang
		need libclang-rt-dev has_glob '/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a'
		;;
	*) echo "ensure-deps.sh: unknown set '$set'" >&2; exit 2 ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$check_only" -eq 1 ]; then
	echo "hivediag: missing build dependencies:$missing" >&2
	echo "hivediag: run 'make deps' (or: sudo apt-get install$missing)" >&2
	exit 1
fi
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo="sudo"
else
	echo "hivediag: missing build dependencies:$missing" >&2
	echo "hivediag: run: sudo apt-get update && sudo $cmd" >&2
	exit 1
fi
echo "hivediag: installing missing dependencies:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2 && $sudo $cmd >&2 && exit 0
echo "hivediag: installing failed; run: sudo apt-get update && sudo $cmd" >&2
exit 1
