# tests/valgrind.mk - make check-valgrind (included by the Makefile).

.PHONY: check-valgrind

# The unit, CLI and corpus tests with every process under valgrind.  Each
# process writes its own log (%p): the runner turns a worker's failure
# into an error report (a worker analyzes up to 64 hives, then exits by
# itself, so its leaks are reported at exit), and Criterion runs each
# unit test in a child whose exit status it does not pass on, so exit
# statuses alone would miss errors; any non-empty log fails the target.
# Leak kinds: all for the unit tests; for the CLI, everything but
# "reachable", because a worker ends with _exit() still holding what the
# parent had allocated before the fork (not a leak; the parent itself frees
# everything).  Tests' helper commands (rm, xz through system()) are not
# ours to check; Criterion's own leftovers at a child's exit are suppressed
# (tests/unit/valgrind.supp), and so is glibc's bookkeeping in a worker
# that dies of a signal after other hives (tests/cli/valgrind.supp).  test_archive.sh (1,400 hives: too long
# under valgrind) runs in make check and under ASan only; the same runner
# paths run here in test_recipes and test_isolation.  Two at a time (CI's
# two cores): Criterion's --jobs 2 for the unit tests, HIVEDIAG_TEST_JOBS
# (default 2 here) for the CLI scripts, whose wall-time bounds under the
# wrapper (test_isolation's hang, test_hostile's RSS, the settle delays)
# were measured with two valgrind'd scripts at a time.  CI took 54 min
# with one at a time, against a 45 min target.
VG_LOGS = $(BUILD)/valgrind
VALGRIND = valgrind -q --leak-check=full --error-exitcode=99
VG_CLI = --errors-for-leak-kinds=definite,indirect,possible --suppressions=$(CURDIR)/tests/cli/valgrind.supp
VG_CHECK_LOGS = @if [ -n "$$(find $(VG_LOGS) -type f -size +0c)" ]; then \
	head -60 $$(find $(VG_LOGS) -type f -size +0c); \
	echo "check-valgrind: valgrind found errors (logs in $(VG_LOGS))"; exit 1; fi
check-valgrind: all $(BIN_TESTHOOKS) $(UNIT) $(CORPUS_UNIT)
	rm -rf $(VG_LOGS) && mkdir -p $(VG_LOGS)
	HD_SAMPLES=$(BUILD)/samples HD_CORPUS=../shared/corpus $(VALGRIND) --errors-for-leak-kinds=all \
		--trace-children=yes --trace-children-skip='/bin/*,/usr/bin/*' \
		--suppressions=tests/unit/valgrind.supp --log-file=$(VG_LOGS)/unit.%p.log $(UNIT) --jobs 2
	HD_CORPUS=../shared/corpus $(VALGRIND) --errors-for-leak-kinds=all \
		--trace-children=yes --trace-children-skip='/bin/*,/usr/bin/*' \
		--suppressions=tests/unit/valgrind.supp --log-file=$(VG_LOGS)/corpus-unit.%p.log $(CORPUS_UNIT) --jobs 2
	$(VG_CHECK_LOGS)
	HIVEDIAG_WRAPPER='$(VALGRIND) $(VG_CLI) --log-file=$(CURDIR)/$(VG_LOGS)/cli.%p.log' \
		MUTATION_SECONDS=60 HIVEDIAG_TEST_JOBS=$${HIVEDIAG_TEST_JOBS:-2} HIVEDIAG_SKIP_TESTS=test_archive.sh sh tests/cli/run.sh $(BUILD)
	HIVEDIAG_WRAPPER='$(VALGRIND) $(VG_CLI) --log-file=$(CURDIR)/$(VG_LOGS)/corpus.%p.log' \
		sh tests/corpus/run.sh $(BUILD)
	$(VG_CHECK_LOGS)
	@echo "check-valgrind: all test suites passed under valgrind ($(BUILD))"
