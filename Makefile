# sockshell: an interactive shell in which every command is one socket call.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
LESSONDIR ?= $(PREFIX)/share/sockshell/lessons
LOCALEDIR ?= $(PREFIX)/share/locale
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PYTHON ?= /usr/bin/python3

# The Debian packages the build and the tests need, each for one reason
# (README, "Set up"); "make deps" installs those that are missing.
DEB_BUILD = gcc make pkg-config libreadline-dev gettext
DEB_TEST = python3 python3-pytest python3-pytest-timeout python3-pexpect \
	socat netcat-openbsd netbase groff-base strace clang libclang-rt-14-dev \
	locales libc-l10n
DEB_DEEP = valgrind
DEB_PACKAGES = $(DEB_BUILD) $(DEB_TEST) $(DEB_DEEP)

# Goals that must work before anything is installed.
NO_BUILD_GOALS = deps clean uninstall pot po

ifeq ($(filter-out $(NO_BUILD_GOALS),$(or $(MAKECMDGOALS),all)),)
else ifneq ($(shell $(PKG_CONFIG) --exists readline 2>/dev/null && echo yes),yes)
$(error GNU readline's headers are missing: install pkg-config and libreadline-dev (make deps does))
endif

# The test goals say at once, in one line, what they lack, before
# anything is built.
TEST_GOALS = check check-asan memcheck soak fuzz-run bench
ifneq ($(filter $(TEST_GOALS),$(MAKECMDGOALS)),)
MISSING := $(shell PYTHON=$(PYTHON) sh tools/need.sh missing)
ifneq ($(strip $(MISSING)),)
$(error make $(filter $(TEST_GOALS),$(MAKECMDGOALS)) needs these Debian packages:$(MISSING) (make deps installs them))
endif
endif

READLINE_CFLAGS := $(shell $(PKG_CONFIG) --cflags readline 2>/dev/null)
READLINE_LIBS := $(shell $(PKG_CONFIG) --libs readline 2>/dev/null)

# The project's own flags come after the user's CFLAGS, never instead.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Iinclude -Ibuild/gen \
	-DLESSONDIR='"$(LESSONDIR)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
	$(READLINE_CFLAGS) $(CFLAGS)

SRCS := $(wildcard src/*.c)
OBJS := $(SRCS:src/%.c=build/%.o)

# The languages po/ has a catalog for, each built where the shell finds
# it when run from here (src/i18n.c).
LINGUAS := $(patsubst po/%.po,%,$(wildcard po/*.po))
MO_FILES := $(LINGUAS:%=build/locale/%/LC_MESSAGES/sockshell.mo)
# the languages lessons/ has lessons in (lessons/vi/*.ss)
LESSON_LANGS := $(patsubst lessons/%/,%,$(sort $(dir $(wildcard lessons/*/*.ss))))

all: sockshell man/sockshell.1 man/vi/sockshell.1 $(MO_FILES)

sockshell: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(READLINE_LIBS) $(LDLIBS)

build/%.o: src/%.c | build
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build:
	mkdir -p build

# The exported C program's helpers are real C: src/prelude/prelude.c is
# compiled with the project's warnings (an object only checked, never
# linked; it defines its own _GNU_SOURCE, as the programs do), then
# build/embed writes it as the string export writes.
PRELUDE_CFLAGS = -std=c11 -Wall -Wextra -Iinclude $(CFLAGS)

# what prelude.c includes, each written into the programs too
PRELUDE_PARTS = src/prelude/prelude.c $(wildcard src/prelude/*.h) include/render_bytes.h \
	include/render_pyrepr.h include/render_pyaddr.h include/prelude_options.h \
	include/bounds.h

build/gen/prelude.o: $(PRELUDE_PARTS) | build/gen
	$(CC) $(CPPFLAGS) $(PRELUDE_CFLAGS) -c -o $@ src/prelude/prelude.c

build/embed: src/prelude/embed.c build/render.o | build
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ src/prelude/embed.c build/render.o

build/gen/export_helpers.inc: $(PRELUDE_PARTS) build/gen/prelude.o build/embed
	build/embed -I include src/prelude/prelude.c > $@.tmp && mv $@.tmp $@

build/export_prelude.o build/asan/export_prelude.o \
build/fuzz/obj/export_prelude.o: build/gen/export_helpers.inc

build/gen:
	mkdir -p build/gen

# The man page's command list is written from the command table.
TABLE_OBJS := $(filter-out build/main.o,$(OBJS))

build/mancommands: man/commands.c $(TABLE_OBJS) | build
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ man/commands.c $(TABLE_OBJS) $(READLINE_LIBS) $(LDLIBS)

# Every row's argument kinds have descriptors, and the check catches
# rows that are wrong (tests/test_issue9_kinds.py runs it).
build/table_check: tests/unit/table_check.c $(TABLE_OBJS) | build
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ tests/unit/table_check.c $(TABLE_OBJS) $(READLINE_LIBS) $(LDLIBS)

man/sockshell.1: man/sockshell.1.in build/mancommands
	build/mancommands < man/sockshell.1.in > $@.tmp && mv $@.tmp $@

# The Vietnamese page: its own frame, the command list from the same
# table through the catalog just built (LANGUAGE picks it; C.UTF-8 is
# glibc's own locale, there without locales installed).
man/vi/sockshell.1: man/vi/sockshell.1.in build/mancommands build/locale/vi/LC_MESSAGES/sockshell.mo
	LC_ALL=C.UTF-8 LANGUAGE=vi build/mancommands build/locale < man/vi/sockshell.1.in > $@.tmp && mv $@.tmp $@

# --- the catalogs (README, "Languages") --------------------------------------

build/locale/%/LC_MESSAGES/sockshell.mo: po/%.po
	mkdir -p $(dir $@)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

# Every message the sources mark, in one template; "make pot POT=FILE"
# writes it elsewhere (the tests compare the catalogs with a fresh one).
POT ?= po/sockshell.pot
XGETTEXT = xgettext --keyword=_ --keyword=N_ --keyword=ngettext:1,2 \
	--keyword=report_error:1 --flag=report_error:1:c-format --from-code=UTF-8 \
	--add-comments=TRANSLATORS --package-name=sockshell --sort-by-file \
	--msgid-bugs-address=https://github.com/sockshell/sockshell/issues --no-location

pot:
	$(XGETTEXT) -o $(POT) $(sort $(SRCS) $(wildcard include/*.h)) man/commands.c

# The template refreshed, and each catalog merged with it
po: pot
	for l in $(LINGUAS); do msgmerge -q --update --backup=none po/$$l.po $(POT) || exit 1; done

PYTEST = $(PYTHON) -m pytest -q -p no:cacheprovider -o timeout=60

check: all fuzz build/table_check
	$(PYTEST) tests

# Installs with apt-get the packages above that are missing (as root, or
# through sudo), and says which; without apt-get, lists them and stops.
deps:
	@sh tools/need.sh install $(DEB_PACKAGES)

# --- the deeper checks (README, "Testing") ---------------------------------

# The same sources, built apart with AddressSanitizer and UBSan; the first
# report ends the program, so no test can pass over one.
SAN_FLAGS = -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
# Reports go to build/asan/logs as well, so that one in a test that
# expected a failure (exit 1) is still seen.
SAN_LOGS = $(CURDIR)/build/asan/logs
SAN_ENV = ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:exitcode=99:log_path=$(SAN_LOGS)/asan \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(SAN_LOGS)/ubsan
ASAN_OBJS := $(SRCS:src/%.c=build/asan/%.o)

asan: build/asan/sockshell

build/asan/sockshell: $(ASAN_OBJS)
	$(CC) $(CFLAGS) $(SAN_FLAGS) $(LDFLAGS) -o $@ $(ASAN_OBJS) $(READLINE_LIBS) $(LDLIBS)

build/asan/%.o: src/%.c | build/asan
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

build/asan:
	mkdir -p build/asan

check-asan: build/asan/sockshell all fuzz build/table_check
	rm -rf $(SAN_LOGS) && mkdir -p $(SAN_LOGS)
	$(SAN_ENV) SOCKSHELL=$(CURDIR)/build/asan/sockshell SOCKSHELL_SANITIZED=1 \
		$(PYTEST) tests
	@if [ -n "$$(ls $(SAN_LOGS))" ]; then cat $(SAN_LOGS)/*; \
		echo "check-asan: sanitizer reports above"; exit 1; fi
	@echo "check-asan: no sanitizer report"

# libFuzzer targets: tests/fuzz/fuzz_PART.c against the project's objects
# (all but main.o), built by clang into build/fuzz/fuzz_PART.
FUZZ_CC ?= clang
FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all
FUZZ_PARTS := split data addr dispatch python
FUZZ_BINS := $(FUZZ_PARTS:%=build/fuzz/fuzz_%)
FUZZ_OBJS := $(filter-out build/fuzz/obj/main.o,$(SRCS:src/%.c=build/fuzz/obj/%.o))
# the fuzz targets never ask DNS (tests/fuzz/fuzz.h says why)
FUZZ_WRAP = -Wl,--wrap=getaddrinfo
FUZZ_SECONDS ?= 60

fuzz: $(FUZZ_BINS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS) tests/fuzz/fuzz.h
	$(FUZZ_CC) $(CPPFLAGS) $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer \
		$(FUZZ_WRAP) $(LDFLAGS) -o $@ $< $(FUZZ_OBJS) $(READLINE_LIBS) $(LDLIBS)

build/fuzz/obj/%.o: src/%.c | build/fuzz/obj
	$(FUZZ_CC) $(CPPFLAGS) $(ALL_CFLAGS) $(FUZZ_FLAGS) -MMD -MP -c -o $@ $<

build/fuzz/obj:
	mkdir -p build/fuzz/obj

# kept: make would otherwise delete them as intermediates, rebuild them
# on the next run, and end "make check" with its "rm" line
.SECONDARY: $(FUZZ_OBJS)

# Each target runs FUZZ_SECONDS from its committed seeds; what it finds
# stays in build/fuzz/corpus, and a crash is written to build/fuzz/ to be
# copied into tests/fuzz/PART/regressions.
fuzz-run: fuzz
	$(PYTHON) tests/fuzz/run.py --seconds $(FUZZ_SECONDS) $(FUZZ_PARTS)

# valgrind memcheck over the script-mode tests: 0 errors, nothing lost.
memcheck: sockshell
	$(PYTHON) tests/memcheck.py

# The long soak: a million commands, resident memory flat.
SOAK_COMMANDS ?= 1000000
soak: sockshell
	$(PYTHON) tests/soak.py --commands $(SOAK_COMMANDS)

# The figures of issue "fast at any scale": each line a ratio against a
# baseline measured in the same run (bench/bench.py says which).
build/udp_rounds: bench/udp_rounds.c | build
	$(CC) $(CFLAGS) -Wall -Wextra $(LDFLAGS) -o $@ $<

build/bulk: bench/bulk.c | build
	$(CC) $(CPPFLAGS) -O2 -Wall -Wextra $(LDFLAGS) -o $@ bench/bulk.c

bench: sockshell build/udp_rounds build/bulk
	$(PYTHON) bench/bench.py

install: sockshell man/sockshell.1 man/vi/sockshell.1 $(MO_FILES)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/vi/man1
	install -m 755 sockshell $(DESTDIR)$(BINDIR)/sockshell
	install -m 644 man/sockshell.1 $(DESTDIR)$(MANDIR)/man1/sockshell.1
	install -m 644 man/vi/sockshell.1 $(DESTDIR)$(MANDIR)/vi/man1/sockshell.1
	install -d $(DESTDIR)$(LESSONDIR)
	install -m 644 lessons/*.ss $(DESTDIR)$(LESSONDIR)
	for l in $(LESSON_LANGS); do \
		install -d $(DESTDIR)$(LESSONDIR)/$$l && \
		install -m 644 lessons/$$l/*.ss $(DESTDIR)$(LESSONDIR)/$$l || exit 1; \
	done
	for l in $(LINGUAS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 build/locale/$$l/LC_MESSAGES/sockshell.mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/sockshell.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sockshell $(DESTDIR)$(MANDIR)/man1/sockshell.1
	rm -f $(DESTDIR)$(MANDIR)/vi/man1/sockshell.1
	rm -f $(addprefix $(DESTDIR)$(LESSONDIR)/,$(notdir $(wildcard lessons/*.ss)))
	rm -f $(LINGUAS:%=$(DESTDIR)$(LOCALEDIR)/%/LC_MESSAGES/sockshell.mo)
	for l in $(LESSON_LANGS); do \
		rm -f $$(for f in lessons/$$l/*.ss; do echo $(DESTDIR)$(LESSONDIR)/$$l/$${f##*/}; done); \
		rmdir $(DESTDIR)$(LESSONDIR)/$$l 2>/dev/null; \
	done; true
	-rmdir $(DESTDIR)$(LESSONDIR) $(DESTDIR)$(dir $(LESSONDIR)) 2>/dev/null

clean:
	rm -rf build sockshell

-include $(OBJS:.o=.d) $(ASAN_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)

.PHONY: all check deps install uninstall clean pot po asan check-asan fuzz fuzz-run \
	memcheck soak bench
