# hivediag - offline Windows registry hive analyzer for Exchange 5.5 start failures.
#
#   make            build build/hivediag and the sample hives
#   make demo       run the analyzer on a bundled sample
#   make check      build and run every test (unit, CLI, corpus, man page lint)
#   make check SANITIZE=1   the same, built with ASan+UBSan (in build/san)
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

manlint: | test-deps
	mandoc -T lint -W warning man/hivediag.1
	sh tests/cli/man_matches_usage.sh $(BUILD)

bench: $(BIN) $(SAMPLES)
	sh tests/bench/bench.sh $(BUILD)

check: all unit cli corpus manlint
	@echo "check: all test suites passed ($(BUILD))"

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
