#!/usr/bin/env bash
# run-all.sh — every benchmark, one after the other; each prints its own table
# and writes it under $BENCH_OUT (default bench/out).  Bounded: wrk runs 15 s;
# the 1,000,000-document index is built once and reused.
#   bench/run-all.sh [--quick]   --quick: 200 + 200 files, a 20,000-document index
set -eu
here=$(dirname "$0")
if [ "${1:-}" = "--quick" ]; then
	"$here/index.sh" --pdf 200 --docx 200 --runs 1 --reindex 2000
	"$here/query.sh" --sizes 20000
	"$here/http.sh" --db "${BENCH_OUT:-$here/out}/db-20000" --duration 5s
	"$here/ocr.sh" --runs 1
else
	"$here/index.sh"
	"$here/query.sh"
	"$here/http.sh"
	"$here/ocr.sh"
fi
