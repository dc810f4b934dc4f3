#!/usr/bin/env bash
# Browser tests of `thuvien serve`: index tests/data/web into a temporary
# database, start the server on a free 127.0.0.1 port, drive Debian's chromium
# with playwright-core (never downloads a browser), save screenshots to
# tests/artifacts/, and end with "N passed, N failed".
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${THUVIEN_BIN:-$root/thuvien}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
fail() { echo "browser: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

[ -x "$bin" ] || fail "$bin not built (run make)"
[ -x "$chromium" ] || fail "$chromium missing (apt-get install chromium)"
command -v node >/dev/null || fail "node missing (apt-get install nodejs npm)"
if [ ! -d "$here/node_modules/playwright-core" ]; then
	export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
	if [ -f "$here/package-lock.json" ]; then
		(cd "$here" && npm ci --no-audit --no-fund >&2) || fail "npm ci failed"
	else
		(cd "$here" && npm install --no-audit --no-fund >&2) || fail "npm install failed"
	fi
fi

tmp="$(mktemp -d /tmp/thuvien-browser-XXXXXX)"
server=""
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
cp -r "$root/tests/data/web" "$tmp/docs"
"$bin" index --db "$tmp/db" "$tmp/docs" >&2 || fail "index failed"
"$bin" serve --db "$tmp/db" --bind 127.0.0.1 --port 0 --static "$root/web/static" \
	>"$tmp/out" 2>"$tmp/server.log" &
server=$!
for _ in $(seq 1 100); do
	grep -q 'http://' "$tmp/out" 2>/dev/null && break
	sleep 0.1
done
url="$(grep -o 'http://[^ ]*' "$tmp/out" | head -n 1)"
[ -n "$url" ] || fail "server did not start: $(cat "$tmp/server.log")"
mkdir -p "$root/tests/artifacts"
CHROMIUM="$chromium" ARTIFACTS="$root/tests/artifacts" node "$here/ui.test.js" "${url%/}"
