#!/usr/bin/env bash
# Every test suite of thuvien, one closing line: "N passed, N failed".
#   1. tests/run — C unit tests and end-to-end tests of the CLI (tests/test_*.c)
#   2. tests/browser/run.sh — HTTP/browser tests in Debian's chromium (playwright-core)
set -u
cd "$(dirname "$0")/.."
passed=0
failed=0
tally() { # reads a suite's output, echoes it, adds its closing line to the totals
	local line
	line=$(tee /dev/stderr | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "suite $1 printed no result line" >&2
		failed=$((failed + 1))
		return
	fi
	passed=$((passed + $(echo "$line" | cut -d' ' -f1)))
	failed=$((failed + $(echo "$line" | cut -d' ' -f3)))
}
exec 3>&1
tally unit < <(./tests/run -d tests/data -b ./thuvien 2>&1) 2>&3
if [ -x tests/browser/run.sh ]; then
	tally browser < <(./tests/browser/run.sh 2>&1) 2>&3
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
