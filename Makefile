# hivediag - offline Windows registry hive analyzer for Exchange 5.5 start failures.
#
#   make            build build/hivediag and the sample hives
#   make demo       run the analyzer on a bundled sample
#   make check      build and run every test (unit, CLI, corpus, man page lint)
#   make check SANITIZE=1   the same, built with ASan+UBSan (in build/san)
#   make check-valgrind     unit, CLI and corpus tests under valgrind (no error, no leak)
#   make fuzz FUZZ_SECONDS=N   libFuzzer (clang, ASan+UBSan) over the whole pipeline
#   make fuzz-smoke         replay the fuzz regression inputs, then fuzz briefly (CI)
#   make bench      the benchmark of tests/bench/bench.sh (needs ../shared/corpus)
#   make install / uninstall   honour PREFIX and DESTDIR
#
# Missing Debian build dependencies are installed (or the command to install
# them is printed) by src/tools/ensure-deps.sh before anything is compiled.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/hivediag
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
VERSION = 0.1.0

ifeq ($(SANITIZE),1)
BUILD ?= build/san
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SAN_FLAGS =
endif

WARN = -std=c11 -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -DHD_VERSION='"$(VERSION)"'
# Recursive (=) so pkg-config runs only after the deps check, when recipes expand.
LIB_CFLAGS = $(shell $(PKG_CONFIG) --cflags hivex json-c nettle)
LIB_LIBS = $(shell $(PKG_CONFIG) --libs hivex json-c nettle)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags criterion)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs criterion)
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SAN_FLAGS) $(CPPFLAGS) $(LIB_CFLAGS) -MMD -MP

LIB_SRC = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
MKHIVE_SRC = $(wildcard src/tools/*.c)
MKHIVE_OBJ = $(MKHIVE_SRC:src/tools/%.c=$(BUILD)/obj/tools/%.o)
# mkhive's parser and writer, without its main, are unit-tested too.
MKHIVE_LIB_OBJ = $(filter-out $(BUILD)/obj/tools/mkhive.o,$(MKHIVE_OBJ))
UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_OBJ = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/obj/unit/%.o)
SAMPLES_REG = $(wildcard samples/*.reg)
SAMPLES = $(SAMPLES_REG:samples/%.reg=$(BUILD)/samples/%.hive)

BIN = $(BUILD)/hivediag
MKHIVE = $(BUILD)/mkhive
UNIT = $(BUILD)/test_unit
DEMO_SAMPLE = $(BUILD)/samples/healthy-nt4.hive

.PHONY: all deps test-deps demo check unit cli corpus manlint golden bench install uninstall clean
.PHONY: check-valgrind fuzz fuzz-deps fuzz-build fuzz-seeds fuzz-smoke fuzz-replay

all: $(BIN) $(SAMPLES)

deps:
	@sh src/tools/ensure-deps.sh build

test-deps:
	@sh src/tools/ensure-deps.sh build test

$(BUILD)/obj/%.o: src/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/tools/%.o: src/tools/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/obj/unit/%.o: tests/unit/%.c | test-deps
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Wno-missing-prototypes -Isrc -c -o $@ $<

$(BUILD)/libhivediag.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BIN): $(BUILD)/obj/main.o $(BUILD)/libhivediag.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LIB_LIBS)

$(MKHIVE): $(MKHIVE_OBJ) $(BUILD)/libhivediag.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LIB_LIBS)

$(BUILD)/samples/%.hive: samples/%.reg $(MKHIVE)
	@mkdir -p $(@D)
	$(MKHIVE) $< $@

$(UNIT): $(UNIT_OBJ) $(MKHIVE_LIB_OBJ) $(BUILD)/libhivediag.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LIB_LIBS)

demo: $(BIN) $(SAMPLES)
	$(BIN) --pretty $(DEMO_SAMPLE)

unit: $(UNIT) $(SAMPLES)
	HD_SAMPLES=$(BUILD)/samples HD_CORPUS=../shared/corpus $(UNIT) --jobs 1

cli: $(BIN) $(MKHIVE) $(SAMPLES) | test-deps
	sh tests/cli/run.sh $(BUILD)

golden: $(BIN) $(SAMPLES) | test-deps
	UPDATE=1 sh tests/cli/run.sh $(BUILD)

corpus: $(BIN) | test-deps
	SANITIZE=$(SANITIZE) sh tests/corpus/run.sh $(BUILD)

manlint: $(BIN) | test-deps
	mandoc -T lint -W warning man/hivediag.1
	sh tests/cli/man_matches_usage.sh $(BUILD)

bench: $(BIN) $(SAMPLES)
	sh tests/bench/bench.sh $(BUILD)

check: all unit cli corpus manlint
	@echo "check: all test suites passed ($(BUILD))"

# The unit, CLI and corpus tests with every process under valgrind.  Each
# process writes its own log (%p): the runner forks a worker per hive and
# turns a worker's failure into an error report, and Criterion runs each
# unit test in a child whose exit status it does not pass on, so exit
# statuses alone would miss errors; any non-empty log fails the target.
# Leak kinds: all for the unit tests; for the CLI, everything but
# "reachable", because a worker ends with _exit() still holding what the
# parent had allocated before the fork (not a leak; the parent itself frees
# everything).  Tests' helper commands (rm, xz through system()) are not
# ours to check; Criterion's own leftovers at a child's exit are suppressed
# (tests/unit/valgrind.supp).  test_archive.sh (1,400 hives, each its own
# worker process: half an hour under valgrind) runs in make check and under
# ASan only; the same runner paths run here in test_parallel and
# test_isolation.
VG_LOGS = $(BUILD)/valgrind
VALGRIND = valgrind -q --leak-check=full --error-exitcode=99
VG_CHECK_LOGS = @if [ -n "$$(find $(VG_LOGS) -type f -size +0c)" ]; then \
	head -60 $$(find $(VG_LOGS) -type f -size +0c); \
	echo "check-valgrind: valgrind found errors (logs in $(VG_LOGS))"; exit 1; fi
check-valgrind: all $(UNIT) | test-deps
	rm -rf $(VG_LOGS) && mkdir -p $(VG_LOGS)
	HD_SAMPLES=$(BUILD)/samples HD_CORPUS=../shared/corpus $(VALGRIND) --errors-for-leak-kinds=all \
		--trace-children=yes --trace-children-skip='/bin/*,/usr/bin/*' \
		--suppressions=tests/unit/valgrind.supp --log-file=$(VG_LOGS)/unit.%p.log $(UNIT) --jobs 1
	$(VG_CHECK_LOGS)
	HIVEDIAG_WRAPPER='$(VALGRIND) --errors-for-leak-kinds=definite,indirect,possible --log-file=$(CURDIR)/$(VG_LOGS)/cli.%p.log' \
		MUTATION_SECONDS=60 HIVEDIAG_SKIP_TESTS=test_archive.sh sh tests/cli/run.sh $(BUILD)
	HIVEDIAG_WRAPPER='$(VALGRIND) --errors-for-leak-kinds=definite,indirect,possible --log-file=$(CURDIR)/$(VG_LOGS)/corpus.%p.log' \
		sh tests/corpus/run.sh $(BUILD)
	$(VG_CHECK_LOGS)
	@echo "check-valgrind: all test suites passed under valgrind ($(BUILD))"

# Fuzzing: the library is rebuilt with clang and the sanitizers in its own
# build directory; the harness writes each input to a memfd (hivex opens by
# path).  Seeds come from the sample hives and ../shared/corpus at fuzz time
# (never committed); crashers found are fixed and kept, minimized, in
# tests/fuzz/regressions/, which fuzz-smoke replays.
FUZZ_BUILD = build/fuzz
FUZZ_CC = clang
FUZZ_SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_BIN = $(FUZZ_BUILD)/fuzz_analyze
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
# The sample hives are 16-28 KiB; longer inputs only slow each run down.
FUZZ_MAX_LEN ?= 32768
# Per input: 10 s is far beyond any sane hive of max_len bytes; 2 GiB RSS.
# -len_control=0: mutate whole hives from the start, not short prefixes.
FUZZ_FLAGS = -max_len=$(FUZZ_MAX_LEN) -len_control=0 -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/artifacts/
# A small quarantine and no malloc fill: the analysis allocates thousands of
# small blocks per input, and these halve ASan's cost without weakening it.
FUZZ_ENV = ASAN_OPTIONS=quarantine_size_mb=8:max_malloc_fill_size=0:malloc_context_size=3
FUZZ_SMOKE_SECONDS ?= 45

fuzz-deps:
	@sh src/tools/ensure-deps.sh build fuzz

fuzz-build: | fuzz-deps
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
		SAN_FLAGS='$(FUZZ_SAN) -fsanitize=fuzzer-no-link' $(FUZZ_BUILD)/libhivediag.a
	$(FUZZ_CC) $(WARN) $(CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(CPPFLAGS) $(LIB_CFLAGS) -Isrc \
		-o $(FUZZ_BIN) tests/fuzz/fuzz_analyze.c $(FUZZ_BUILD)/libhivediag.a $(LIB_LIBS)

fuzz-seeds: $(SAMPLES)
	sh tests/fuzz/seeds.sh $(FUZZ_BUILD)/seeds $(FUZZ_MAX_LEN) $(BUILD)/samples ../shared/corpus

# Each regression input is run once (they are files, not a corpus to grow).
fuzz-replay: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_BIN) $(FUZZ_FLAGS) tests/fuzz/regressions/*

fuzz: fuzz-build fuzz-seeds
	@mkdir -p $(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/artifacts
	$(FUZZ_ENV) $(FUZZ_BIN) $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
		$$( [ $(FUZZ_JOBS) -gt 1 ] && echo -fork=$(FUZZ_JOBS) ) \
		$(FUZZ_BUILD)/corpus $(FUZZ_BUILD)/seeds tests/fuzz/regressions

fuzz-smoke: fuzz-replay
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/hivediag
	install -m 644 man/hivediag.1 $(DESTDIR)$(MANDIR)/man1/hivediag.1
	install -m 644 man/report.schema.json $(DESTDIR)$(DATADIR)/report.schema.json

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hivediag $(DESTDIR)$(MANDIR)/man1/hivediag.1
	rm -f $(DESTDIR)$(DATADIR)/report.schema.json
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/main.d $(MKHIVE_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
