#!/bin/sh
# Installs the Debian packages thuvien needs to build, test and run.
# A no-op when everything is present; otherwise one `apt-get update`, then install.
set -eu

PKGS="build-essential g++ pkg-config make
libxapian-dev libpoppler-glib-dev libcairo2-dev libxml2-dev libmicrohttpd-dev
libzip-dev libutf8proc-dev libpcre2-dev libjansson-dev zip unzip
libtesseract-dev tesseract-ocr-vie libgsf-1-dev libgoogle-perftools-dev antiword poppler-utils
libpango1.0-dev fonts-dejavu-core fonts-liberation2 chromium"

# Extra packages only some targets need (the tests: LibreOffice; bench: wrk, omindex).
[ "${THUVIEN_DEPS_EXTRA:-}" = "" ] || PKGS="$PKGS $THUVIEN_DEPS_EXTRA"

# The browser tests need Node.js; machines that ship their own node keep it.
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
