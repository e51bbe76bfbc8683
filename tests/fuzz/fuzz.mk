# tests/fuzz/fuzz.mk - libFuzzer targets (included by the Makefile).

.PHONY: fuzz fuzz-deps fuzz-build fuzz-seeds fuzz-smoke fuzz-replay \
	fuzz-txlog fuzz-txlog-seeds fuzz-txlog-replay fuzz-expand fuzz-expand-seeds

# Fuzzing: the library is rebuilt with clang and the sanitizers in its own
# build directory; the harness writes each input to a memfd (hivex opens by
# path).  Seeds come from the sample hives and ../shared/corpus at fuzz time
# (never committed); crashers found are fixed and kept, minimized, in
# tests/fuzz/regressions/, which fuzz-smoke replays (regressions-txlog/ and
# regressions-expand/ likewise for the other two harnesses; the expand
# inputs also go through the whole pipeline).
FUZZ_BUILD = build/fuzz
FUZZ_CC = clang
FUZZ_SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_BIN = $(FUZZ_BUILD)/fuzz_analyze
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
# The sample hives are 16-44 KiB (a full LastKnownGood set); longer inputs
# only slow each run down.
FUZZ_MAX_LEN ?= 49152
# Per input: 10 s is far beyond any sane hive of max_len bytes; 2 GiB RSS.
# -len_control=0: mutate whole hives from the start, not short prefixes.
FUZZ_FLAGS = -max_len=$(FUZZ_MAX_LEN) -len_control=0 -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/
# A small quarantine and no malloc fill: the analysis allocates thousands of
# small blocks per input, and these halve ASan's cost without weakening it.
FUZZ_ENV = ASAN_OPTIONS=quarantine_size_mb=8:max_malloc_fill_size=0:malloc_context_size=3
FUZZ_SMOKE_SECONDS ?= 45
# The log harness (issue 12): a dirty hive and two logs per input; the yarp
# hives are 256-512 KiB with 24-64 KiB logs.
FUZZ_TXLOG_BIN = $(FUZZ_BUILD)/fuzz_txlog
FUZZ_TXLOG_MAX_LEN ?= 655360
FUZZ_TXLOG_FLAGS = -max_len=$(FUZZ_TXLOG_MAX_LEN) -len_control=0 -timeout=20 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/txlog-
# The expand harness (issue 26): one compressed repair copy per input.  The
# seeds (two sample hives by mscompress and gcab, about 3-6 KiB) are far
# under 64 KiB.  ASan's default malloc fill stays on here: memory libmspack
# reads before writing must be garbage, not the zeros of a fresh mapping.
FUZZ_EXPAND_BIN = $(FUZZ_BUILD)/fuzz_expand
FUZZ_EXPAND_MAX_LEN ?= 65536
FUZZ_EXPAND_FLAGS = -max_len=$(FUZZ_EXPAND_MAX_LEN) -timeout=20 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/expand-
FUZZ_EXPAND_ENV = ASAN_OPTIONS=malloc_context_size=3
FUZZ_EXPAND_SMOKE_SECONDS ?= 5
# Debian's libmspack is not instrumented, so by default the fuzzer sees only
# expand.c's side of the I/O.  FUZZ_MSPACK_SRC=DIR (the mspack/ folder of the
# release the system ships, 0.11alpha on Debian 12, e.g. from
# `git archive v0.11alpha libmspack/mspack` of github.com/kyz/libmspack,
# never committed here) builds its decompressors into fuzz_expand with
# coverage and the sanitizers instead.
FUZZ_MSPACK_SRC ?=
FUZZ_MSPACK_FILES = system.c cabd.c kwajd.c szddd.c lzssd.c mszipd.c lzxd.c qtmd.c
ifneq ($(FUZZ_MSPACK_SRC),)
FUZZ_EXPAND_MSPACK = -I$(FUZZ_MSPACK_SRC) -DHAVE_INTTYPES_H=1 -DSIZEOF_OFF_T=8 -DHAVE_FSEEKO=1 -w \
	$(addprefix $(FUZZ_MSPACK_SRC)/,$(FUZZ_MSPACK_FILES))
FUZZ_EXPAND_LIBS = $(filter-out -lmspack,$(LIB_LIBS))
else
FUZZ_EXPAND_MSPACK =
FUZZ_EXPAND_LIBS = $(LIB_LIBS)
endif

fuzz-deps:
	@sh scripts/ensure-deps.sh build fuzz

fuzz-build: | fuzz-deps
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
		SAN_FLAGS='$(FUZZ_SAN) -fsanitize=fuzzer-no-link' $(FUZZ_BUILD)/libhivediag.a
	$(FUZZ_CC) $(WARN) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(CPPFLAGS) $(LIB_CFLAGS) -Isrc \
		-o $(FUZZ_BIN) tests/fuzz/fuzz_analyze.c tests/fuzz/jsoncheck.c $(FUZZ_BUILD)/libhivediag.a $(LIB_LIBS)
	$(FUZZ_CC) $(WARN) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(CPPFLAGS) $(LIB_CFLAGS) -Isrc \
		-o $(FUZZ_TXLOG_BIN) tests/fuzz/fuzz_txlog.c $(FUZZ_BUILD)/libhivediag.a $(LIB_LIBS)
	$(FUZZ_CC) $(WARN) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(CPPFLAGS) $(LIB_CFLAGS) -Isrc \
		-o $(FUZZ_EXPAND_BIN) tests/fuzz/fuzz_expand.c $(FUZZ_BUILD)/libhivediag.a \
		$(FUZZ_EXPAND_MSPACK) $(FUZZ_EXPAND_LIBS)

fuzz-seeds: $(SAMPLES)
	sh tests/fuzz/seeds.sh $(FUZZ_BUILD)/seeds $(FUZZ_MAX_LEN) $(BUILD)/samples ../shared/corpus

# Each regression input is run once (they are files, not a corpus to grow).
fuzz-replay: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_BIN) $(FUZZ_FLAGS) tests/fuzz/regressions/*
	$(FUZZ_ENV) $(FUZZ_TXLOG_BIN) $(FUZZ_TXLOG_FLAGS) tests/fuzz/regressions-txlog/*
	$(FUZZ_EXPAND_ENV) $(FUZZ_EXPAND_BIN) $(FUZZ_EXPAND_FLAGS) tests/fuzz/regressions-expand/*
	$(FUZZ_ENV) $(FUZZ_BIN) $(FUZZ_FLAGS) tests/fuzz/regressions-expand/*

fuzz: fuzz-build fuzz-seeds
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_BIN) $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
		$$( [ $(FUZZ_JOBS) -gt 1 ] && echo -fork=$(FUZZ_JOBS) ) \
		$(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/seeds tests/fuzz/regressions tests/fuzz/regressions-expand

fuzz-txlog-seeds: $(SAMPLES)
	python3 tests/fuzz/seeds_txlog.py $(FUZZ_BUILD)/seeds-txlog $(FUZZ_TXLOG_MAX_LEN) ../shared/corpus \
		$(BUILD)/samples

fuzz-txlog: fuzz-build fuzz-txlog-seeds
	@mkdir -p $(FUZZ_BUILD)/corpus-txlog $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_TXLOG_BIN) $(FUZZ_TXLOG_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
		$(FUZZ_BUILD)/corpus-txlog $(FUZZ_BUILD)/seeds-txlog tests/fuzz/regressions-txlog

fuzz-expand-seeds: $(SAMPLES)
	sh tests/fuzz/seeds_expand.sh $(FUZZ_BUILD)/seeds-expand $(BUILD)/samples

fuzz-expand: fuzz-build fuzz-expand-seeds
	@mkdir -p $(FUZZ_BUILD)/corpus-expand $(FUZZ_BUILD)/artifacts
	$(FUZZ_EXPAND_ENV) $(FUZZ_EXPAND_BIN) $(FUZZ_EXPAND_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
		$(FUZZ_BUILD)/corpus-expand $(FUZZ_BUILD)/seeds-expand tests/fuzz/regressions-expand

fuzz-smoke: fuzz-replay
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)
	$(MAKE) --no-print-directory fuzz-expand FUZZ_SECONDS=$(FUZZ_EXPAND_SMOKE_SECONDS)

# --- fuzz_cells: the peers pass's cell reader, hive/regf_cells.c (issue 26 item 9) ---
# Its own block (other harnesses are added beside it): built after
# fuzz-build's library, replayed by fuzz-replay, run briefly by fuzz-smoke.
# Seeds are fuzz_analyze's (fuzz-seeds): whole hives, cut to 48 KiB.  A
# lookup on such a hive takes microseconds: -timeout=5 flags a walk that is
# not bounded by the subkey counts.
.PHONY: fuzz-cells fuzz-cells-build fuzz-cells-replay fuzz-cells-smoke
FUZZ_CELLS_BIN = $(FUZZ_BUILD)/fuzz_cells
FUZZ_CELLS_FLAGS = -max_len=$(FUZZ_MAX_LEN) -len_control=0 -timeout=5 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/cells-
FUZZ_CELLS_SMOKE_SECONDS ?= 5

fuzz-cells-build: fuzz-build
	$(FUZZ_CC) $(WARN) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(CPPFLAGS) $(LIB_CFLAGS) -Isrc \
		-o $(FUZZ_CELLS_BIN) tests/fuzz/fuzz_cells.c $(FUZZ_BUILD)/libhivediag.a $(LIB_LIBS)

fuzz-cells-replay: fuzz-cells-build
	@mkdir -p $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_CELLS_BIN) $(FUZZ_CELLS_FLAGS) tests/fuzz/regressions-cells/*

fuzz-cells: fuzz-cells-build fuzz-seeds
	@mkdir -p $(FUZZ_BUILD)/corpus-cells $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_CELLS_BIN) $(FUZZ_CELLS_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
		$(FUZZ_BUILD)/corpus-cells $(FUZZ_BUILD)/seeds tests/fuzz/regressions-cells

fuzz-cells-smoke: fuzz-cells-replay
	$(MAKE) --no-print-directory fuzz-cells FUZZ_SECONDS=$(FUZZ_CELLS_SMOKE_SECONDS)

fuzz-replay: fuzz-cells-replay
fuzz-smoke: fuzz-cells-smoke
# --- end fuzz_cells ---

# --- fuzz_export: the registry-export reader, hive/regtext.c and source/export.c (issue 22) ---
# Seeds: the samples' REGEDIT4 and version 5 exports (tests/cli/reg2export.py),
# written at fuzz time; regressions-export/ holds small hand-made inputs
# (each encoding, continuation lines, CurrentControlSet).  Exports of the
# samples are 4-70 KiB; 128 KiB leaves room to grow.
.PHONY: fuzz-export fuzz-export-build fuzz-export-seeds fuzz-export-replay fuzz-export-smoke
FUZZ_EXPORT_BIN = $(FUZZ_BUILD)/fuzz_export
FUZZ_EXPORT_MAX_LEN ?= 131072
FUZZ_EXPORT_FLAGS = -max_len=$(FUZZ_EXPORT_MAX_LEN) -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/export-
FUZZ_EXPORT_SMOKE_SECONDS ?= 5

fuzz-export-build: fuzz-build
	$(FUZZ_CC) $(WARN) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(CPPFLAGS) $(LIB_CFLAGS) -Isrc \
		-o $(FUZZ_EXPORT_BIN) tests/fuzz/fuzz_export.c $(FUZZ_BUILD)/libhivediag.a $(LIB_LIBS)

fuzz-export-seeds:
	@mkdir -p $(FUZZ_BUILD)/seeds-export/4 $(FUZZ_BUILD)/seeds-export/5
	-python3 tests/cli/reg2export.py --format 4 --outdir $(FUZZ_BUILD)/seeds-export/4 \
		samples/healthy-nt4.reg samples/mta-w2k-ras.reg samples/imc-unicode-differ.reg
	python3 tests/cli/reg2export.py --format 5 --outdir $(FUZZ_BUILD)/seeds-export/5 \
		samples/healthy-nt4.reg samples/mta-w2k-ras.reg samples/imc-org-cjk.reg

fuzz-export-replay: fuzz-export-build
	@mkdir -p $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_EXPORT_BIN) $(FUZZ_EXPORT_FLAGS) tests/fuzz/regressions-export/*

fuzz-export: fuzz-export-build fuzz-export-seeds
	@mkdir -p $(FUZZ_BUILD)/corpus-export $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_EXPORT_BIN) $(FUZZ_EXPORT_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
		$(FUZZ_BUILD)/corpus-export $(FUZZ_BUILD)/seeds-export/4 $(FUZZ_BUILD)/seeds-export/5 \
		tests/fuzz/regressions-export

fuzz-export-smoke: fuzz-export-replay
	$(MAKE) --no-print-directory fuzz-export FUZZ_SECONDS=$(FUZZ_EXPORT_SMOKE_SECONDS)

fuzz-replay: fuzz-export-replay
fuzz-smoke: fuzz-export-smoke
# --- end fuzz_export ---

# The fleet harness (issue 23): a peers table and a names export, the two
# files a spread run's other hosts hand over (fuzz_fleet.c).  Its seeds and
# regressions are tests/fuzz/regressions-fleet (a table and an export made
# from samples/peers/mkarchive.sh's archive).
.PHONY: fuzz-fleet fuzz-fleet-build fuzz-fleet-replay fuzz-fleet-smoke
FUZZ_FLEET_BIN = $(FUZZ_BUILD)/fuzz_fleet
FUZZ_FLEET_FLAGS = -max_len=$(FUZZ_MAX_LEN) -timeout=5 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/fleet-
FUZZ_FLEET_SMOKE_SECONDS ?= 5

fuzz-fleet-build: fuzz-build
	$(FUZZ_CC) $(WARN) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(CPPFLAGS) $(LIB_CFLAGS) -Isrc \
		-o $(FUZZ_FLEET_BIN) tests/fuzz/fuzz_fleet.c $(FUZZ_BUILD)/libhivediag.a $(LIB_LIBS)

fuzz-fleet-replay: fuzz-fleet-build
	@mkdir -p $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_FLEET_BIN) $(FUZZ_FLEET_FLAGS) tests/fuzz/regressions-fleet/*

fuzz-fleet: fuzz-fleet-build
	@mkdir -p $(FUZZ_BUILD)/corpus-fleet $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_FLEET_BIN) $(FUZZ_FLEET_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
		$(FUZZ_BUILD)/corpus-fleet tests/fuzz/regressions-fleet

fuzz-fleet-smoke: fuzz-fleet-replay
	$(MAKE) --no-print-directory fuzz-fleet FUZZ_SECONDS=$(FUZZ_FLEET_SMOKE_SECONDS)

fuzz-replay: fuzz-fleet-replay
fuzz-smoke: fuzz-fleet-smoke

# --- fuzz_analyze without ASan: UBSan only ---
# The pipeline harness costs 3-5 ms an input under ASan; this second
# configuration (as OSS-Fuzz runs UBSan builds beside ASan ones) runs the
# same harness and oracles about twice as fast, to reach issue 26's
# execution counts.  It sees no buffer overflow or use after free that does
# not crash, and no leak (clang will not link LeakSanitizer's runtime with
# UBSan's), so its corpus is replayed under ASan at the end: every input it
# added runs once through fuzz_analyze (ASan+UBSan, leaks checked).
.PHONY: fuzz-ubsan fuzz-ubsan-build
FUZZ_UBSAN_BUILD = build/fuzz-ubsan
FUZZ_UBSAN_SAN = -fsanitize=undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_UBSAN_BIN = $(FUZZ_UBSAN_BUILD)/fuzz_analyze

fuzz-ubsan-build: | fuzz-deps
	$(MAKE) --no-print-directory BUILD=$(FUZZ_UBSAN_BUILD) CC=$(FUZZ_CC) \
		SAN_FLAGS='$(FUZZ_UBSAN_SAN) -fsanitize=fuzzer-no-link' $(FUZZ_UBSAN_BUILD)/libhivediag.a
	$(FUZZ_CC) $(WARN) $(CFLAGS) $(FUZZ_UBSAN_SAN) -fsanitize=fuzzer $(CPPFLAGS) $(LIB_CFLAGS) -Isrc \
		-o $(FUZZ_UBSAN_BIN) tests/fuzz/fuzz_analyze.c tests/fuzz/jsoncheck.c \
		$(FUZZ_UBSAN_BUILD)/libhivediag.a $(LIB_LIBS)

fuzz-ubsan: fuzz-ubsan-build fuzz-build fuzz-seeds
	@mkdir -p $(FUZZ_UBSAN_BUILD)/corpus $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/artifacts
	$(FUZZ_UBSAN_BIN) $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
		$(FUZZ_UBSAN_BUILD)/corpus $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/seeds \
		tests/fuzz/regressions tests/fuzz/regressions-expand
	$(FUZZ_ENV) $(FUZZ_BIN) $(FUZZ_FLAGS) -runs=0 $(FUZZ_UBSAN_BUILD)/corpus
# --- end fuzz-ubsan ---
