#!/usr/bin/env bash
# Screenshots of the UI on corpus/ for the README (docs/*.png): index corpus/
# into a temporary database, serve it on a free loopback port, and photograph
# a search and a document page with Debian's chromium via playwright-core.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -d tests/browser/node_modules/playwright-core ] || (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
tmp="$(mktemp -d /tmp/thuvien-shots-XXXXXX)"
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
./thuvien index --db "$tmp/db" corpus >/dev/null
./thuvien serve --db "$tmp/db" --port 0 >"$tmp/out" 2>/dev/null &
server=$!
for _ in $(seq 50); do grep -q http "$tmp/out" && break; sleep 0.1; done
url="$(grep -o 'http://[^ ]*' "$tmp/out" | head -n 1)"
id="$(./thuvien show --db "$tmp/db" --json 598-CV/ĐUK | sed -n 's/^  "id": \([0-9]*\).*/\1/p')"
NODE_PATH=tests/browser/node_modules node - "${url%/}" "$id" <<'JS'
const { chromium } = require('playwright-core');
(async () => {
	const [base, id] = process.argv.slice(2);
	const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless',
		'--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
		'--no-first-run'] });
	const p = await b.newPage({ viewport: { width: 1200, height: 900 } });
	await p.goto(base + '/tim?q=' + encodeURIComponent('nâng cao tinh thần trách nhiệm'));
	await p.screenshot({ path: 'docs/search.png' });
	await p.goto(base + '/vb/' + id + '?q=' + encodeURIComponent('báo cáo viên'));
	await p.screenshot({ path: 'docs/doc.png' });
	await b.close();
})();
JS
echo "docs/search.png docs/doc.png"
