# sockshell: an interactive shell in which every command is one socket call.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
LESSONDIR ?= $(PREFIX)/share/sockshell/lessons
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
PYTHON ?= /usr/bin/python3

READLINE_CFLAGS := $(shell $(PKG_CONFIG) --cflags readline)
READLINE_LIBS := $(shell $(PKG_CONFIG) --libs readline)

# The project's own flags come after the user's CFLAGS, never instead.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Iinclude \
	-DLESSONDIR='"$(LESSONDIR)"' \
	$(READLINE_CFLAGS) $(CFLAGS)

SRCS := $(wildcard src/*.c)
OBJS := $(SRCS:src/%.c=build/%.o)

all: sockshell man/sockshell.1

sockshell: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(READLINE_LIBS) $(LDLIBS)

build/%.o: src/%.c | build
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

build:
	mkdir -p build

# The man page's command list is written from the command table.
TABLE_OBJS := $(filter-out build/main.o,$(OBJS))

build/mancommands: man/commands.c $(TABLE_OBJS) | build
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ man/commands.c $(TABLE_OBJS) $(READLINE_LIBS) $(LDLIBS)

man/sockshell.1: man/sockshell.1.in build/mancommands
	build/mancommands < man/sockshell.1.in > $@.tmp && mv $@.tmp $@

-include $(OBJS:.o=.d)

check: sockshell
	$(PYTHON) -m pytest -q -p no:cacheprovider -o timeout=60 tests

install: sockshell man/sockshell.1
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 sockshell $(DESTDIR)$(BINDIR)/sockshell
	install -m 644 man/sockshell.1 $(DESTDIR)$(MANDIR)/man1/sockshell.1
	install -d $(DESTDIR)$(LESSONDIR)
	install -m 644 lessons/*.ss $(DESTDIR)$(LESSONDIR)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sockshell $(DESTDIR)$(MANDIR)/man1/sockshell.1
	rm -f $(addprefix $(DESTDIR)$(LESSONDIR)/,$(notdir $(wildcard lessons/*.ss)))
	-rmdir $(DESTDIR)$(LESSONDIR) $(DESTDIR)$(dir $(LESSONDIR)) 2>/dev/null

clean:
	rm -rf build sockshell

.PHONY: all check install uninstall clean
