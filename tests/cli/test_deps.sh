#!/bin/sh
# test_deps.sh - a plain `make` never installs anything: with a dependency
# missing, scripts/ensure-deps.sh --check (what `make` runs) names it, says
# to run `make deps`, exits 1, and never calls apt-get.
. "$(dirname "$0")/lib.sh"

# A PATH with the shell tools the script needs, a recording apt-get, and no
# pkg-config (so every library counts as missing).
bin="$TMP/bin"
mkdir -p "$bin"
for t in sh id command cat grep test; do
	p=$(command -v "$t" 2>/dev/null) && case $p in /*) ln -s "$p" "$bin/$t" ;; esac
done
printf '#!/bin/sh\necho called >"%s/apt-called"\n' "$TMP" >"$bin/apt-get"
printf '#!/bin/sh\necho called >"%s/apt-called"\n' "$TMP" >"$bin/sudo"
chmod +x "$bin/apt-get" "$bin/sudo"

PATH="$bin" run "$bin/sh" "$TOP/scripts/ensure-deps.sh" --check build
expect_rc 1 "--check with libraries missing"
expect_err 'missing build dependencies:.*libhivex-dev' "--check names the package"
expect_err "run 'make deps'" "--check says what to run"
if [ -e "$TMP/apt-called" ]; then not_ok "--check called apt-get"; else ok "--check installed nothing"; fi

# The Makefile's plain build goes through --check, never the installing form.
make -C "$TOP" -n all BUILD="$TMP/nobuild" >"$TMP/plan" 2>/dev/null
if grep -q 'ensure-deps.sh --check build' "$TMP/plan"; then ok "make all checks the dependencies"
else not_ok "make all does not check the dependencies"; fi
if grep -q 'ensure-deps.sh build' "$TMP/plan"; then not_ok "make all would run the installing ensure-deps"
else ok "make all does not run the installing ensure-deps"; fi
finish
