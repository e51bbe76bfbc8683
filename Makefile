# hivediag - offline Windows registry hive analyzer for Exchange 5.5 start failures.
#
#   make            build build/hivediag and the sample hives
#   make demo       build quietly, then the text report of a sample with a finding (-o text)
#   make check      build and run every test (unit, CLI, corpus, man page lint)
#   make check SANITIZE=1   the same, built with ASan+UBSan (in build/san)
#   make check-valgrind     unit, CLI and corpus tests under valgrind (no error, no leak)
#   make fuzz FUZZ_SECONDS=N   libFuzzer (clang, ASan+UBSan) over the whole pipeline
#   make fuzz-expand FUZZ_SECONDS=N   libFuzzer over the compressed-copy path (libmspack)
#   make fuzz-smoke         replay the fuzz regression inputs, then fuzz briefly (CI)
#   make bench      the benchmark of tests/bench/bench.sh (needs ../shared/corpus)
#   make deps       install the missing Debian build and test dependencies
#   make install / uninstall   honour PREFIX and DESTDIR
#   make deb        the Debian package, build/hivediag_VERSION_ARCH.deb
#   make check-deb  build the package and test it (lintian, contents, goldens)
#
# `make demo`, `make check` and `make deps` install missing Debian packages
# (scripts/ensure-deps.sh, once, before anything is compiled); a plain `make`
# only checks for them and says to run `make deps`.
#
# Sources are in one folder per pipeline stage (src/util, hive, source, txlog, facts, fleet,
# rules, verdict, analyze, report, cli); tests/include_order.sh checks that a
# file includes only headers of its own stage or lower ones.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/hivediag
COMPLETIONSDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
# The one place of the version is debian/changelog's first line: the binary
# (HD_VERSION), the installed man page (.Os) and the package all take it.
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
# ... and its date the installed man page's (.Dd), as "November 29, 2026".
MAN_DATE := $(shell LC_ALL=C date -u -d "$$(sed -n '/^ -- /{s/^ -- .*>  //p;q}' debian/changelog)" '+%B %-d, %Y' 2>/dev/null)

ifeq ($(SANITIZE),1)
BUILD ?= build/san
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
SAN_FLAGS =
endif

WARN = -std=c11 -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wvla
# WERROR=1 (CI's .ci/run sets it): every warning fails the build.
ifeq ($(WERROR),1)
WARN += -Werror
endif
CFLAGS ?= -O2 -g
# Hardening in every build, not only the Debian package's (whose
# dpkg-buildflags add the same): checked string and memory calls, and stack
# canaries.  _FORTIFY_SOURCE needs optimization; the value matches Debian's,
# so the package build's own -D_FORTIFY_SOURCE=2 is no redefinition.
HARDEN = -fstack-protector-strong
CPPFLAGS += -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 -DHD_VERSION='"$(VERSION)"'
# Recursive (=) so pkg-config runs only after the deps check, when recipes expand.
# tsk: The Sleuth Kit (disk images, src/source/image.c; Debian's libtsk-dev
# ships tsk.pc); libarchive: archives (src/source/archive.c).
LIB_CFLAGS = $(shell $(PKG_CONFIG) --cflags hivex json-c nettle libmspack tsk libarchive)
# libunistring (Unicode normalization, util/textutil.c) ships no pkg-config file.
# libtsk is not linked: it is loaded at the first disk image by its soname
# (src/source/tsk_load.h: with its dependencies it is some forty libraries,
# about 8 MB resident in every process that links it).
LIB_LIBS = $(shell $(PKG_CONFIG) --libs hivex json-c nettle libmspack libarchive) -lunistring
OBJDUMP ?= objdump
TSK_SONAME = $(shell $(OBJDUMP) -p "$$($(PKG_CONFIG) --variable=libdir tsk)/libtsk.so" 2>/dev/null | \
	sed -n 's/^ *SONAME *//p')
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags criterion)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs criterion)
ALL_CFLAGS = $(WARN) $(CFLAGS) $(HARDEN) $(SAN_FLAGS) $(CPPFLAGS) $(LIB_CFLAGS) -MMD -MP

STAGES = util hive source txlog facts fleet rules verdict analyze report cli
LIB_SRC = $(filter-out src/cli/main.c,$(foreach d,$(STAGES),$(wildcard src/$(d)/*.c)))
LIB_OBJ = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
MKHIVE_SRC = $(wildcard src/tools/*.c)
MKHIVE_OBJ = $(MKHIVE_SRC:src/%.c=$(BUILD)/obj/%.o)
# mkhive's parser and writer, without its main, are unit-tested too.
MKHIVE_LIB_OBJ = $(filter-out $(BUILD)/obj/tools/mkhive.o,$(MKHIVE_OBJ))
# Unit tests mirror the source folders (tests/unit/<stage>/test_<module>.c);
# the corpus's Criterion tests are a binary of their own (tests/corpus/).
UNIT_SRC = $(wildcard tests/unit/*/*.c)
UNIT_OBJ = $(UNIT_SRC:%.c=$(BUILD)/obj/%.o)
CORPUS_SRC = $(wildcard tests/corpus/*.c)
CORPUS_OBJ = $(CORPUS_SRC:%.c=$(BUILD)/obj/%.o)
SAMPLES_REG = $(wildcard samples/*.reg)
SAMPLES = $(SAMPLES_REG:samples/%.reg=$(BUILD)/samples/%.hive)

BIN = $(BUILD)/hivediag
# The test build of the same program: main.c with HD_TEST_HOOKS (the crash
# and hang hooks the CLI tests provoke).  Never installed or packaged.
BIN_TESTHOOKS = $(BUILD)/hivediag-testhooks
MKHIVE = $(BUILD)/mkhive
UNIT = $(BUILD)/test_unit
CORPUS_UNIT = $(BUILD)/test_corpus
# A sample with a finding, its evidence and its fix (the README's example).
DEMO_SAMPLE = $(BUILD)/samples/imc-org-mismatch.hive

.PHONY: all depcheck deps test-deps demo demo-run check check-run unit cli corpus manlint includes
.PHONY: golden bench install uninstall clean samples deb deb-deps check-deb

all: $(BIN) $(SAMPLES)

samples: $(SAMPLES)

# A plain make never installs anything: it only says what is missing.
depcheck:
	@sh scripts/ensure-deps.sh --check build

deps:
	@sh scripts/ensure-deps.sh build test

test-deps: deps

$(LIB_OBJ) $(MKHIVE_OBJ) $(BUILD)/obj/cli/main.o: | depcheck
# A new version in debian/changelog rebuilds what may print it.
$(LIB_OBJ) $(BUILD)/obj/cli/main.o $(BUILD)/obj/cli/main-testhooks.o: debian/changelog

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/obj/source/tsk_load.o: src/source/tsk_load.c
	@mkdir -p $(@D)
	@[ -n "$(TSK_SONAME)" ] || { echo "make: no SONAME in libtsk.so (libtsk-dev, binutils' objdump)" >&2; exit 1; }
	$(CC) $(ALL_CFLAGS) -DHD_TSK_SONAME='"$(TSK_SONAME)"' -Isrc -c -o $@ $<

$(BUILD)/obj/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Wno-missing-prototypes -Isrc -Itests -c -o $@ $<

$(BUILD)/libhivediag.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BIN): $(BUILD)/obj/cli/main.o $(BUILD)/libhivediag.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LIB_LIBS)

$(BUILD)/obj/cli/main-testhooks.o: src/cli/main.c | depcheck
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DHD_TEST_HOOKS -Isrc -c -o $@ $<

$(BIN_TESTHOOKS): $(BUILD)/obj/cli/main-testhooks.o $(BUILD)/libhivediag.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LIB_LIBS)

$(MKHIVE): $(MKHIVE_OBJ) $(BUILD)/libhivediag.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(LIB_LIBS)

$(BUILD)/samples/%.hive: samples/%.reg $(MKHIVE)
	@mkdir -p $(@D)
	$(MKHIVE) $< $@

# SOFTWARE samples are named software-*.reg and record SOFTWARE in the base
# block (this rule's stem is shorter, so GNU make prefers it).
$(BUILD)/samples/software-%.hive: samples/software-%.reg $(MKHIVE)
	@mkdir -p $(@D)
	$(MKHIVE) -n SOFTWARE $< $@

$(UNIT): $(UNIT_OBJ) $(MKHIVE_LIB_OBJ) $(BUILD)/libhivediag.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LIB_LIBS)

$(CORPUS_UNIT): $(CORPUS_OBJ) $(BUILD)/libhivediag.a
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LIB_LIBS)

# demo and check install what is missing first, once, then build: the
# dependencies must be there before the first compile, and one apt-get at a
# time (under -j two installs would race for apt's lock).
demo: deps
	@$(MAKE) --no-print-directory demo-run

# Quiet (issue 25): the compiler's lines go to a log, shown only when the
# build fails; the run ends on the report (exit 1 only means findings).
demo-run:
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory $(BIN) $(SAMPLES) >$(BUILD)/demo-build.log 2>&1 || \
		{ cat $(BUILD)/demo-build.log; echo "make demo: the build failed"; exit 1; }
	@echo "Built $(BIN) (compiler output: $(BUILD)/demo-build.log)."
	@echo "A sample whose IMC SiteDN names another organization (KB Q298565):"
	@echo "the finding, its evidence and its fix (man/hivediag.1 explains the report)."
	@echo
	@$(BIN) -o text $(DEMO_SAMPLE) || [ $$? -eq 1 ]

unit: $(UNIT) $(SAMPLES)
	HD_SAMPLES=$(BUILD)/samples HD_CORPUS=../shared/corpus $(UNIT) --jobs 1

cli: $(BIN) $(BIN_TESTHOOKS) $(MKHIVE) $(SAMPLES)
	sh tests/cli/run.sh $(BUILD)

golden: $(BIN) $(BIN_TESTHOOKS) $(SAMPLES)
	UPDATE=1 sh tests/cli/run.sh $(BUILD)

corpus: $(BIN) $(CORPUS_UNIT)
	HD_CORPUS=../shared/corpus $(CORPUS_UNIT) --jobs 1
	SANITIZE=$(SANITIZE) sh tests/corpus/run.sh $(BUILD)

manlint: $(BIN)
	mandoc -T lint -W warning man/hivediag.1
	sh tests/cli/man_matches_usage.sh $(BUILD)

# The include graph follows the stage order, and no two files call each other.
includes: $(BUILD)/libhivediag.a $(BUILD)/obj/cli/main.o
	sh tests/include_order.sh
	sh tests/no_mutual_calls.sh $(LIB_OBJ) $(BUILD)/obj/cli/main.o

# The bench's yardstick (issue 12): SHA-256 of the file on a second thread
# while hivex opens it, the least work of an evidence-grade analyzer.
$(BUILD)/yardstick: tests/bench/yardstick.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(LIB_CFLAGS) -o $@ $< $(LIB_LIBS) -lpthread

# The floor for a compressed repair copy: libmspack's own buffered I/O.
$(BUILD)/unszdd: tests/bench/unszdd.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $< -lmspack

# The fleet peers table's cost (issue 23): a million distinct names, names all within one edit.
$(BUILD)/fleet_bench: tests/bench/fleet_bench.c $(BUILD)/libhivediag.a
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(SAN_FLAGS) $(CPPFLAGS) $(LIB_CFLAGS) -Isrc -o $@ $< $(BUILD)/libhivediag.a $(LIB_LIBS)

bench: $(BIN) $(SAMPLES) $(BUILD)/yardstick $(BUILD)/unszdd $(BUILD)/fleet_bench
	sh tests/bench/bench.sh $(BUILD)

check: deps
	@$(MAKE) --no-print-directory check-run

check-run: all includes unit cli corpus manlint
	@echo "check: all test suites passed ($(BUILD))"

# make check-valgrind and the fuzz targets (make fuzz, fuzz-smoke, ...).
include tests/valgrind.mk
include tests/fuzz/fuzz.mk

# The man page's footer names the package, its version and date, as Debian's
# other tools do: .Os becomes .Os hivediag VERSION, .Dd the changelog's date.
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR) $(DESTDIR)$(COMPLETIONSDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/hivediag
	sed -e 's/^\.Os$$/.Os hivediag $(VERSION)/' $(if $(MAN_DATE),-e 's/^\.Dd .*/.Dd $(MAN_DATE)/') \
		man/hivediag.1 >$(BUILD)/hivediag.1
	install -m 644 $(BUILD)/hivediag.1 $(DESTDIR)$(MANDIR)/man1/hivediag.1
	install -m 644 man/report.schema.json $(DESTDIR)$(DATADIR)/report.schema.json
	install -m 644 completion/hivediag.bash $(DESTDIR)$(COMPLETIONSDIR)/hivediag

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/hivediag $(DESTDIR)$(MANDIR)/man1/hivediag.1
	rm -f $(DESTDIR)$(DATADIR)/report.schema.json $(DESTDIR)$(COMPLETIONSDIR)/hivediag
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

# The package is built from a copy of the tracked files in build/deb/ (where
# dpkg-buildpackage leaves it), then copied to build/.
deb-deps:
	@sh scripts/ensure-deps.sh build deb

# The package test (tests/deb/test_deb.sh: build, lintian, the unpacked
# package against the goldens) is a target of its own, not part of make
# check: it builds the package plain whatever build is being checked, and
# CI runs it as a step of its own.
check-deb: deb-deps $(BIN) $(MKHIVE) $(SAMPLES)
	sh tests/cli/run.sh $(BUILD) tests/deb

deb: deb-deps
	sh scripts/build-deb.sh build/deb
	cp build/deb/hivediag_$(VERSION)_*.deb build/

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(BUILD)/obj/cli/main.d $(BUILD)/obj/cli/main-testhooks.d $(MKHIVE_OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(CORPUS_OBJ:.o=.d)
