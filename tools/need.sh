#!/bin/sh
# need.sh: what the build and the tests need, said in one line.
#   need.sh missing        prints the missing packages, space-separated
#   need.sh install PKG..  installs with apt-get those PKGs not installed
# Plain sh: it runs on a machine that has nothing else yet.
set -u

PYTHON=${PYTHON:-/usr/bin/python3}

# each line: a Debian package, then a shell test that it is usable here
checks() {
	cat <<'LIST'
gcc			command -v cc
make			command -v make
pkg-config		command -v pkg-config
libreadline-dev		pkg-config --exists readline
gettext			command -v msgfmt && command -v xgettext && command -v msgcmp
python3			test -x "$PYTHON"
python3-pytest		"$PYTHON" -c 'import pytest'
python3-pytest-timeout	"$PYTHON" -c 'import pytest_timeout'
python3-pexpect		"$PYTHON" -c 'import pexpect'
socat			command -v socat
netcat-openbsd		nc -h 2>&1 | grep -q -- '-U'
netbase			test -r /etc/protocols
groff-base		command -v groff
strace			command -v strace
valgrind		command -v valgrind
clang			command -v clang
locales			command -v localedef && test -r /usr/share/i18n/locales/vi_VN
libc-l10n		test -e /usr/share/locale/vi/LC_MESSAGES/libc.mo
libclang-rt-14-dev	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }' | clang -x c -fsanitize=fuzzer -o /dev/null -
LIST
}

missing() {
	checks | while read -r pkg test; do
		sh -c "$test" >/dev/null 2>&1 </dev/null || printf ' %s' "$pkg"
	done
}

case "${1:-}" in
missing)
	export PYTHON
	missing
	;;
install)
	shift
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "no apt-get here: install these (Debian's names): $*"
		exit 1
	fi
	want=""
	for pkg in "$@"; do
		st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)
		case "$st" in ii*) ;; *) want="$want $pkg" ;; esac
	done
	if [ -z "$want" ]; then
		echo "make deps: every package is installed already"
		exit 0
	fi
	sudo=""
	[ "$(id -u)" = 0 ] || sudo=sudo
	echo "make deps: installing$want"
	$sudo apt-get update -q || exit 1
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
		--no-install-recommends $want
	;;
*)
	echo "usage: need.sh missing | install PACKAGE..." >&2
	exit 2
	;;
esac
