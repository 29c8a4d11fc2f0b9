# gyokaku — build, test and install.
#
#   make            build ./gyokaku
#   make run        build the demo database and open it
#   make layers     the layer rules over the #include lines (tests/layers.sh)
#   make check      the layer rules, unit tests, the same under ASan+UBSan, fuzz corpus
#                   replay and a short fuzz run (fixed seed and run count), end-to-end
#                   tests (normal and sanitized build)
#   make fuzz       build the libFuzzer harnesses with clang and run each for FUZZ_SECONDS
#   make stress     20 processes on one database for STRESS_SECONDS (default 30):
#                   writers through the entry form's store code, readers, an
#                   import and a backup; checks that no save is lost (CI runs it);
#                   then the restore race: STRESS_RESTORES (default 50) restores
#                   under 5 writers, no acknowledged save lost (make stress-restore
#                   runs it alone)
#   make soak       the full-screen interface driven by random keys in tmux for
#                   SOAK_SECONDS (default 600; make check runs 20 s of it)
#   make valgrind   the unit tests and a scripted session of the interface under
#                   valgrind --leak-check=full (CI runs it)
#   make bench      run the benchmarks under tests/bench/ (prints figures)
#   make update-po  regenerate po/gyokaku.pot and merge it into po/ja.po (doc/i18n.md)
#   make i18n-check no untranslated/fuzzy message, no English in Japanese error output
#   make golden     rewrite the golden files of `gyokaku report` (tests/golden/report/) from
#                   the demo plans; review the diff before committing it
#   make install    the program, its manual pages, translations, shell completion,
#                   demo plans and documents (GNU directory variables: prefix,
#                   exec_prefix, bindir, datadir, mandir, localedir, docdir, DESTDIR;
#                   PREFIX is accepted for prefix); make uninstall removes them
#   make dist       build/gyokaku-VERSION.tar.gz of the committed tree (git archive)
#   make deb        the Debian package (debian/) into build/deb; make deb-check
#                   builds it and checks it (lintian, install into a throwaway
#                   root, hardening-check: tests/pkg/deb-check.sh)
#   Packagers: CPPFLAGS, CFLAGS (appended after the project's own) and LDFLAGS
#   are honoured; the version is only in include/gyokaku/version.h.
#   make install-shared  the enforced mode for a shared host (doc/shared-host.md), as root:
#                   also GYOKAKU_GROUP=gyokaku GYOKAKU_DATADIR=/srv/gyokaku SYSCONFDIR=/etc
#
# Every source under src/<module>/ is compiled; every tests/unit/test_*.c is one
# cmocka program linked against all objects except src/main.c.  Adding a file
# therefore needs no change here.

# the one place of the version: include/gyokaku/version.h
VERSION   := $(shell sed -n 's/^\#define GK_VERSION "\(.*\)"/\1/p' include/gyokaku/version.h)
# GNU directory variables (PREFIX kept for older habits)
PREFIX    ?= /usr/local
prefix    ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir    ?= $(exec_prefix)/bin
datarootdir ?= $(prefix)/share
datadir   ?= $(datarootdir)
mandir    ?= $(datarootdir)/man
localedir ?= $(datarootdir)/locale
docdir    ?= $(datarootdir)/doc/gyokaku
bashcompdir ?= $(datarootdir)/bash-completion/completions
zshcompdir  ?= $(datarootdir)/zsh/site-functions
DESTDIR   ?=
BINDIR    = $(bindir)
LOCALEDIR = $(localedir)
MANDIR    = $(mandir)
# the demo plans of `gyokaku init --demo` (compiled in; in-tree db/demo beside
# a binary that is not installed)
DEMODIR   = $(datadir)/gyokaku/demo
# the folder of gyokaku.conf, compiled in (src/model/sysconf.c)
sysconfdir ?= /etc
SYSCONFDIR ?= $(sysconfdir)
GYOKAKU_GROUP   ?= gyokaku
GYOKAKU_DATADIR ?= /srv/gyokaku
GYOKAKU_KEEP    ?= 30

CC        ?= cc
B         := build
PKGS      := ncursesw sqlite3 libutf8proc xlsxwriter libzip expat
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)

WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
# No -DNDEBUG, here nor in debian/rules: the assert()s of store/ and model/
# state invariants the code relies on, and stay on in every build.
CFLAGS    ?= -O2 -g
# the project's flags first, then the packager's CPPFLAGS and CFLAGS (which win)
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -Iinclude -I$(B)/gen $(PKG_CFLAGS) \
             -DGK_LOCALEDIR='"$(LOCALEDIR)"' -DGK_SYSCONFDIR='"$(SYSCONFDIR)"' \
             -DGK_DEMODIR='"$(DEMODIR)"' $(CPPFLAGS) $(CFLAGS)
LDLIBS_ALL = $(LDFLAGS) $(PKG_LIBS) -lm

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRCS      := $(sort $(wildcard src/*/*.c))
OBJS      := $(SRCS:%.c=$(B)/obj/%.o) $(B)/obj/gen/schema.o
MAIN_OBJ  := $(B)/obj/src/main.o
SAN_OBJS  := $(SRCS:%.c=$(B)/san/%.o) $(B)/san/gen/schema.o
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
SAN_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(B)/san-tests/%)
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/replay/%)
PO_FILES  := $(wildcard po/*.po)
MO_FILES  := $(PO_FILES:po/%.po=$(B)/locale/%/LC_MESSAGES/gyokaku.mo)
DEMO_CSV  := $(sort $(wildcard db/demo/*.csv))
DEMO_DB   := $(B)/demo.db

.PHONY: FORCE all run check uninstall dist deb deb-check build-deps stress stress-restore soak valgrind golden unit san-unit fuzz-replay e2e e2e-san fuzz fuzz-check bench install install-shared clean deps format pot update-po i18n-check
all: gyokaku $(MO_FILES)

# --- dependencies ----------------------------------------------------------------
# What is missing is installed on Debian (through sudo when not root): make
# and make run need only the build dependencies (DEB_BUILD_PKGS, also
# debian/control's Build-Depends); make check, valgrind and deb-check also the
# test tools (DEB_TEST_PKGS).
DEB_BUILD_PKGS := gcc make pkg-config libncurses-dev libsqlite3-dev libutf8proc-dev \
            libxlsxwriter-dev libzip-dev libexpat1-dev gettext
DEB_TEST_PKGS := clang libcmocka-dev python3-openpyxl libreoffice-calc-nogui r-cran-readxl \
            tmux ncurses-term sqlite3 unicode-data procps \
            python3 chromium fonts-noto-cjk poppler-utils valgrind util-linux \
            debhelper dpkg-dev fakeroot lintian devscripts man-db groff-base
DEB_PKGS := $(DEB_BUILD_PKGS) $(DEB_TEST_PKGS)
# workbooks written by Microsoft Excel, r-cran-readxl's test files, read
# where Debian installs them (never copied into this tree): the input of
# tests/unit/test_xlsx_excel.c and a second seed corpus of fuzz_xlsx
READXL_DIR ?= /usr/lib/R/site-library/readxl/extdata
apt_install = echo "Installing: $(1)"; if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(1) || exit 1
$(B)/.build-deps-ok:
	@mkdir -p $(B)
	@missing=""; \
	for p in $(PKGS); do pkg-config --exists $$p 2>/dev/null || missing=1; done; \
	for c in cc msgfmt pkg-config; do command -v $$c >/dev/null 2>&1 || missing=1; done; \
	if [ -n "$$missing" ]; then $(call apt_install,$(DEB_BUILD_PKGS)); fi
	@touch $@
$(B)/.deps-ok: $(B)/.build-deps-ok
	@missing=""; \
	pkg-config --exists cmocka 2>/dev/null || missing=1; \
	for c in clang tmux sqlite3 pgrep python3 soffice chromium pdftotext pdfinfo valgrind setarch \
	         dpkg-buildpackage dh fakeroot lintian hardening-check man lexgrog nroff; do \
	  command -v $$c >/dev/null 2>&1 || missing=1; done; \
	[ -f /usr/share/unicode/EastAsianWidth.txt ] || missing=1; \
	/usr/bin/python3 -c "import openpyxl" 2>/dev/null || missing=1; \
	[ -f $(READXL_DIR)/deaths.xlsx ] || missing=1; \
	[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing=1; \
	[ -f /usr/share/terminfo/p/putty ] || missing=1; \
	if [ -n "$$missing" ]; then $(call apt_install,$(DEB_TEST_PKGS)); fi
	@# the Japanese error paths are checked under ja_JP.UTF-8 (tests/i18n/): generated
	@# here when missing; without it the check runs in C.UTF-8 with LANGUAGE=ja
	@locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\?8' || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO="sudo -n"; fi; \
	  $$SUDO localedef -i ja_JP -c -f UTF-8 ja_JP.UTF-8 2>/dev/null || \
	  echo "note: ja_JP.UTF-8 could not be generated (i18n-check falls back to C.UTF-8)"; }
	@touch $@
deps: $(B)/.deps-ok
build-deps: $(B)/.build-deps-ok

# --- the program ------------------------------------------------------------------
$(B)/gen/schema.c: db/schema.sql
	@mkdir -p $(@D)
	@{ echo '/* generated from db/schema.sql by the Makefile */'; \
	   echo '#include "gyokaku/store.h"'; \
	   echo 'const char gk_schema_sql[] = {'; \
	   od -An -v -tx1 $< | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	   echo '0x00};'; } > $@

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@
$(B)/obj/gen/schema.o: $(B)/gen/schema.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The locale folder is compiled into model/i18n.c: recompile it when PREFIX
# changes (make install PREFIX=/usr after a plain make).
$(B)/gen/localedir: FORCE
	@mkdir -p $(@D)
	@echo '$(LOCALEDIR)' | cmp -s - $@ 2>/dev/null || echo '$(LOCALEDIR)' > $@
$(B)/obj/src/model/i18n.o $(B)/san/src/model/i18n.o: $(B)/gen/localedir
$(B)/gen/sysconfdir: FORCE
	@mkdir -p $(@D)
	@echo '$(SYSCONFDIR)' | cmp -s - $@ 2>/dev/null || echo '$(SYSCONFDIR)' > $@
$(B)/obj/src/model/sysconf.o $(B)/san/src/model/sysconf.o: $(B)/gen/sysconfdir
$(B)/gen/demodir: FORCE
	@mkdir -p $(@D)
	@echo '$(DEMODIR)' | cmp -s - $@ 2>/dev/null || echo '$(DEMODIR)' > $@
$(B)/obj/src/cli/admin.o $(B)/san/src/cli/admin.o: $(B)/gen/demodir
FORCE:

gyokaku: $(OBJS) $(MAIN_OBJ)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(B)/libgk.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

# --- translations -----------------------------------------------------------------
$(B)/locale/%/LC_MESSAGES/gyokaku.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<
# make update-po: po/gyokaku.pot from the sources (with references), merged into
# po/*.po (each keeps its order, new messages at its end, obsolete ones dropped;
# doc/i18n.md). make pot: the template only.
update-po:
	sh po/update-po.sh $(SRCS) src/main.c
pot:
	xgettext --from-code=UTF-8 --add-location --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
	  --keyword=ngettext:1,2 --add-comments=TRANSLATORS: -o po/gyokaku.pot $(SRCS) src/main.c

# --- demo database ----------------------------------------------------------------
$(DEMO_DB): gyokaku $(DEMO_CSV)
	@rm -f $@ $@-wal $@-shm
	./gyokaku --db $@ init
	./gyokaku --db $@ import $(DEMO_CSV)

run: $(B)/.build-deps-ok
	@$(MAKE) --no-print-directory all $(DEMO_DB)
	GYOKAKU_LOCALEDIR=$(B)/locale ./gyokaku --db $(DEMO_DB)

# --- tests ------------------------------------------------------------------------
$(B)/tests/%: tests/unit/%.c $(B)/libgk.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(B)/libgk.a $(CMOCKA_LIBS) $(LDLIBS_ALL)

$(B)/san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -MMD -MP -c $< -o $@
$(B)/san/gen/schema.o: $(B)/gen/schema.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c $< -o $@
$(B)/libgk-san.a: $(SAN_OBJS)
	@rm -f $@
	ar rcs $@ $^
$(B)/san-tests/%: tests/unit/%.c $(B)/libgk-san.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Itests/unit -o $@ $< $(B)/libgk-san.a $(CMOCKA_LIBS) $(LDLIBS_ALL)

# Fuzz harnesses replayed over their seed corpus with a plain driver (gcc, ASan+UBSan).
$(B)/replay/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(B)/libgk-san.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $< tests/fuzz/replay_main.c $(B)/libgk-san.a $(LDLIBS_ALL)

unit: $(UNIT_BINS)
	@GK_READXL_DIR=$(READXL_DIR) tests/run-unit $(UNIT_BINS)
san-unit: $(SAN_BINS)
	@GK_READXL_DIR=$(READXL_DIR) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 tests/run-unit $(SAN_BINS)
fuzz-replay: $(REPLAY_BINS)
	@for b in $(REPLAY_BINS); do n=$$(basename $$b); \
	  $$b tests/fuzz/corpus/$${n#fuzz_}/* || exit 1; done
e2e: gyokaku $(MO_FILES)
	@tests/run-e2e

# The layer rules over the #include lines (model/ and text/ include nothing
# above them; SQLite only in store/, curses only in ui/, iconv only in io/),
# and the calls among the files of store/ (no circle through backup, roles
# and migrate; its map printed only when that fails).
.PHONY: layers
layers:
	@sh tests/layers.sh
	@out=$$(sh tests/store-calls.sh) || { printf '%s\n' "$$out"; exit 1; }

# The same end-to-end tests with the program built with ASan+UBSan: any
# report (written to the test's temporary folder) fails the test.
$(B)/gyokaku-san: $(SAN_OBJS) $(B)/san/src/main.o
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LDLIBS_ALL)
# The terminal matrix (26-terminals: seven TERMs, both widths, every popup)
# runs once, in make e2e: under the sanitizers it would only draw the same
# screens, which every other script draws there too, for five more minutes.
E2E_SAN_SKIP ?= 26-terminals
e2e-san: $(B)/gyokaku-san $(MO_FILES)
	@GYOKAKU=$(B)/gyokaku-san GK_SANITIZE=1 GK_E2E_SKIP="$(E2E_SAN_SKIP)" tests/run-e2e

# each step says how long it took (CI's 45 minutes on 2 cores)
timed = t=$$(date +%s) && $(MAKE) --no-print-directory $(1) && echo "\# check: $(1) took $$(($$(date +%s) - t)) s"
check: $(B)/.deps-ok
	@$(call timed,layers)
	@$(call timed,all)
	@$(call timed,unit)
	@$(call timed,i18n-check)
	@$(call timed,doc-check)
	@$(call timed,san-unit)
	@$(call timed,fuzz-replay)
	@$(call timed,fuzz-check)
	@$(call timed,e2e)
	@$(call timed,e2e-san)

# make i18n-check: no untranslated or fuzzy message in po/ja.po, and no English
# sentence in the Japanese output of every command's error paths (tests/i18n/).
i18n-check: all
	bash tests/i18n/ja-errors.sh

FUZZ_SECONDS ?= 30
# inputs well over the CSV reader's 64 KiB chunk
FUZZ_MAX_LEN ?= 262144
# make check's run: a fixed seed and a fixed number of runs per harness from
# the seed corpus alone (a fresh working corpus each time, never reloaded),
# without address randomisation (compared pointers feed libFuzzer's
# mutations), so that every run is the same and cannot fail by chance;
# FUZZ_CHECK_MAX_SECONDS only guards against a hang.
FUZZ_CHECK_RUNS ?= 20000
# the report harness writes seven documents per input (about 200 runs/s here)
FUZZ_CHECK_RUNS_REPORT ?= 2000
# the workbook reader inflates and parses a zip per input (about 400 runs/s here)
FUZZ_CHECK_RUNS_XLSX ?= 8000
FUZZ_CHECK_MAX_SECONDS ?= 600
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)
# fuzz_xlsx also starts from the Excel-written workbooks when present
fuzz_seeds = tests/fuzz/corpus/$${n\#fuzz_} $$([ $$n = fuzz_xlsx ] && [ -d $(READXL_DIR) ] && echo $(READXL_DIR))
# the fuzzers' own build (clang, libFuzzer) of what they reach: text/, model/
# and io/ without the two pipelines that drive the store (import_file.c,
# report_run.c: store/ is not linked in)
FUZZ_LIB_SRCS := $(filter-out src/io/import_file.c src/io/report_run.c,$(filter src/text/% src/io/% src/model/%,$(SRCS)))
$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_LIB_SRCS) $(wildcard include/gyokaku/*.h)
	@mkdir -p $(@D)
	clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -I$(B)/gen \
	  $(PKG_CFLAGS) -o $@ $< $(FUZZ_LIB_SRCS) $(LDLIBS_ALL)
fuzz: $(FUZZ_BINS)
	@for b in $(FUZZ_BINS); do n=$$(basename $$b); \
	  mkdir -p $(B)/fuzz/corpus-$$n; \
	  $$b -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -artifact_prefix=$(B)/fuzz/ \
	    $(B)/fuzz/corpus-$$n $(fuzz_seeds) || exit 1; done
fuzz-check: $(FUZZ_BINS)
	@norand=$$(setarch -R true 2>/dev/null && echo "setarch -R"); \
	for b in $(FUZZ_BINS); do n=$$(basename $$b); \
	  rm -rf $(B)/fuzz/check-$$n && mkdir -p $(B)/fuzz/check-$$n; \
	  runs=$(FUZZ_CHECK_RUNS); [ $$n = fuzz_report ] && runs=$(FUZZ_CHECK_RUNS_REPORT); \
	  [ $$n = fuzz_xlsx ] && runs=$(FUZZ_CHECK_RUNS_XLSX); \
	  $$norand $$b -seed=1 -runs=$$runs -reload=0 -max_total_time=$(FUZZ_CHECK_MAX_SECONDS) \
	    -max_len=$(FUZZ_MAX_LEN) -print_final_stats=1 -artifact_prefix=$(B)/fuzz/ \
	    $(B)/fuzz/check-$$n $(fuzz_seeds) 2>$(B)/fuzz/check-$$n.log; rc=$$?; \
	  grep -E '^(#[0-9]+.*DONE|stat::average_exec_per_sec)' $(B)/fuzz/check-$$n.log | \
	    sed "s/^/$$n: /"; \
	  if [ $$rc -ne 0 ]; then tail -40 $(B)/fuzz/check-$$n.log; exit 1; fi; done

bench: gyokaku
	@tests/bench/run

# --- stress: many processes on one database (tests/stress/) ---------------------------
STRESS_SECONDS ?= 30
$(B)/stress-driver: tests/stress/driver.c $(B)/libgk.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(B)/libgk.a $(LDLIBS_ALL)
STRESS_RESTORES ?= 50
stress: gyokaku $(B)/stress-driver
	@STRESS_SECONDS=$(STRESS_SECONDS) tests/stress/run.sh
	@STRESS_RESTORES=$(STRESS_RESTORES) tests/stress/restore.sh
# the restore race alone (tests/stress/restore.sh; STRESS_RESTORES restores)
stress-restore: gyokaku $(B)/stress-driver
	@STRESS_RESTORES=$(STRESS_RESTORES) tests/stress/restore.sh

# --- valgrind: the unit tests and a scripted session (tests/valgrind/) -----------------
valgrind: $(B)/.deps-ok $(UNIT_BINS) gyokaku $(MO_FILES)
	@tests/valgrind/run.sh $(UNIT_BINS)

# --- soak: random keys in the full-screen interface (tests/soak/run.sh) ---------------
SOAK_SECONDS ?= 600
SOAK_SEED ?= 1
soak: gyokaku $(MO_FILES)
	@t=$$(mktemp -d); GK_TMP=$$t SOAK_SECONDS=$(SOAK_SECONDS) SOAK_SEED=$(SOAK_SEED) \
	  bash tests/soak/run.sh; rc=$$?; rm -rf $$t; exit $$rc

golden: gyokaku
	tests/golden/report.sh tests/golden/report

# The screens of the Japanese guide (doc/ja/screens/*.txt), captured from the program in tmux.
.PHONY: doc-screens
doc-screens: gyokaku $(MO_FILES)
	bash tests/doc/screens.sh
# make doc-check (in make check): the manual pages read whole in every locale
# (tests/doc/man.sh) and the guide's screens not stale (screens.sh --check
# captures them again and compares); TAP, about 40 s.
.PHONY: doc-check
doc-check: gyokaku $(MO_FILES)
	@bash tests/doc/man.sh
	@bash tests/doc/screens.sh --check

# --- install ----------------------------------------------------------------------
# The manual pages (doc/gyokaku.1, the Japanese doc/gyokaku.ja.1) carry VERSION
# in their header.
MAN_JA    := $(wildcard doc/gyokaku.ja.1)
DOCS      := doc/csv-format.md doc/shared-host.md doc/security.md doc/sheets.md doc/packaging.md LICENSE
EXAMPLES  := $(sort $(wildcard doc/examples/*))
$(B)/man/gyokaku.1: doc/gyokaku.1 include/gyokaku/version.h
	@mkdir -p $(@D)
	sed '/^\.TH /s/"gyokaku[^"]*"/"gyokaku $(VERSION)"/' $< > $@
$(B)/man/ja/gyokaku.1: $(MAN_JA) include/gyokaku/version.h
	@mkdir -p $(@D)
	sed '/^\.TH /s/"gyokaku[^"]*"/"gyokaku $(VERSION)"/' $< > $@
MAN_PAGES := $(B)/man/gyokaku.1 $(if $(MAN_JA),$(B)/man/ja/gyokaku.1)

install: all $(MAN_PAGES)
	install -d $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(DEMODIR) \
	  $(DESTDIR)$(docdir)/examples $(DESTDIR)$(bashcompdir) $(DESTDIR)$(zshcompdir)
	install -m 755 gyokaku $(DESTDIR)$(bindir)/gyokaku
	install -m 644 $(B)/man/gyokaku.1 $(DESTDIR)$(mandir)/man1/gyokaku.1
	$(if $(MAN_JA),install -d $(DESTDIR)$(mandir)/ja/man1 && \
	  install -m 644 $(B)/man/ja/gyokaku.1 $(DESTDIR)$(mandir)/ja/man1/gyokaku.1)
	@for mo in $(MO_FILES); do l=$${mo#$(B)/locale/}; l=$${l%%/*}; \
	  echo "install $$mo"; install -d $(DESTDIR)$(localedir)/$$l/LC_MESSAGES && \
	  install -m 644 $$mo $(DESTDIR)$(localedir)/$$l/LC_MESSAGES/gyokaku.mo || exit 1; done
	install -m 644 $(DEMO_CSV) $(DESTDIR)$(DEMODIR)/
	install -m 644 $(wildcard $(DOCS)) $(DESTDIR)$(docdir)/
	$(if $(EXAMPLES),install -m 644 $(EXAMPLES) $(DESTDIR)$(docdir)/examples/)
	install -m 644 src/completion/gyokaku.bash $(DESTDIR)$(bashcompdir)/gyokaku
	install -m 644 src/completion/_gyokaku $(DESTDIR)$(zshcompdir)/_gyokaku

uninstall:
	rm -f $(DESTDIR)$(bindir)/gyokaku $(DESTDIR)$(mandir)/man1/gyokaku.1 \
	  $(DESTDIR)$(mandir)/ja/man1/gyokaku.1 \
	  $(DESTDIR)$(bashcompdir)/gyokaku $(DESTDIR)$(zshcompdir)/_gyokaku
	@for mo in $(MO_FILES); do l=$${mo#$(B)/locale/}; l=$${l%%/*}; \
	  rm -f $(DESTDIR)$(localedir)/$$l/LC_MESSAGES/gyokaku.mo; done
	rm -rf $(DESTDIR)$(datadir)/gyokaku $(DESTDIR)$(docdir)

# --- distribution and the Debian package (doc/packaging.md) ------------------------
# make dist: the committed tree (HEAD) as build/gyokaku-VERSION.tar.gz.
dist:
	@mkdir -p $(B)
	git archive --format=tar.gz --prefix=gyokaku-$(VERSION)/ -o $(B)/gyokaku-$(VERSION).tar.gz HEAD
	@echo "wrote $(B)/gyokaku-$(VERSION).tar.gz"

# make deb: dpkg-buildpackage writes beside the source folder, so the package
# is built from a copy of the tree (the files git knows, committed or not, or
# everything but build/ outside git) in build/deb/gyokaku-VERSION; the .deb
# and .buildinfo/.changes land in build/deb.
DEB_DIR := $(B)/deb
DEB_JOBS ?= -J$(shell nproc 2>/dev/null || echo 1)
deb:
	@cv=$$(dpkg-parsechangelog -S Version 2>/dev/null); [ "$$cv" = "$(VERSION)" ] || \
	  { echo "make deb: debian/changelog says $$cv, include/gyokaku/version.h $(VERSION)"; exit 1; }
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/gyokaku-$(VERSION)
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git ls-files -z -co --exclude-standard | \
	    tar --null --ignore-failed-read -T - -cf - 2>/dev/null; \
	else tar --exclude=./build --exclude=./gyokaku -cf - .; fi | tar -xf - -C $(DEB_DIR)/gyokaku-$(VERSION)
	cd $(DEB_DIR)/gyokaku-$(VERSION) && dpkg-buildpackage -us -uc -b $(DEB_JOBS)
	@ls $(DEB_DIR)/*.deb
deb-check: $(B)/.deps-ok
	@bash tests/pkg/deb-check.sh

# The enforced mode (doc/shared-host.md): the binary setgid to GYOKAKU_GROUP
# (made when missing), the data folder 2770 root:GYOKAKU_GROUP, and
# SYSCONFDIR/gyokaku.conf naming the shared database (an existing one is
# kept). Run as root; clerks must NOT be in the group.
install-shared: install
	@[ "$$(id -u)" = 0 ] || { echo "install-shared: run as root"; exit 1; }
	getent group $(GYOKAKU_GROUP) >/dev/null || groupadd --system $(GYOKAKU_GROUP)
	chown root:$(GYOKAKU_GROUP) $(DESTDIR)$(BINDIR)/gyokaku
	chmod 2755 $(DESTDIR)$(BINDIR)/gyokaku
	install -d -m 2770 -o root -g $(GYOKAKU_GROUP) $(DESTDIR)$(GYOKAKU_DATADIR)
	install -d -m 755 $(DESTDIR)$(SYSCONFDIR)
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/gyokaku.conf ]; then \
	  echo "kept $(DESTDIR)$(SYSCONFDIR)/gyokaku.conf"; \
	else \
	  printf '%s\n' '# gyokaku system-wide configuration (doc/shared-host.md)' \
	    'database = $(GYOKAKU_DATADIR)/plan.db' 'backup_keep = $(GYOKAKU_KEEP)' \
	    > $(DESTDIR)$(SYSCONFDIR)/gyokaku.conf && \
	  chown root:root $(DESTDIR)$(SYSCONFDIR)/gyokaku.conf && \
	  chmod 644 $(DESTDIR)$(SYSCONFDIR)/gyokaku.conf && \
	  echo "wrote $(DESTDIR)$(SYSCONFDIR)/gyokaku.conf"; \
	fi
	@echo "Now, as the plan office's login (not in group $(GYOKAKU_GROUP)): $(BINDIR)/gyokaku init"

format:
	clang-format -i $(SRCS) $(wildcard src/*/*.h) src/main.c include/gyokaku/*.h tests/unit/*.[ch] \
	  tests/fuzz/*.c tests/e2e/*.c tests/bench/*.c

clean:
	rm -rf $(B) gyokaku

-include $(OBJS:.o=.d) $(MAIN_OBJ:.o=.d) $(SAN_OBJS:.o=.d) $(B)/san/src/main.d
