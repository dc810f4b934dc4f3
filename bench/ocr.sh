#!/usr/bin/env bash
# ocr.sh — indexing scanned PDFs (OCR) with thuvien, against Tesseract's own
# command run on page images the way OCR add-ons of other indexers do it
# (pdftoppm to a grey PGM at 300 dpi, then `tesseract -l vie` once per page;
# PGM because pdftoppm took 3.4 s to write one PNG page and 0.16 s for a PGM).
#
#   bench/ocr.sh [--dir DIR] [--jobs J] [--runs R]
#
# Files: the scanned PDFs of ../shared/corpus-real (truth.jsonl "scanned": true),
# or every PDF under DIR.  thuvien indexes them R times (default 2, median)
# into a fresh database, so every page is recognised (the OCR cache is empty),
# then once more with the cache warm, and the largest file alone with --jobs J
# and --jobs 1 (a file's pages are read one after another).  The command-line
# baseline runs J pages at a time with OMP_THREAD_LIMIT=1 (its fastest on these
# cores), and once with Tesseract's default OpenMP team, to show what it costs.
set -u
. "$(dirname "$0")/lib.sh"

DIR="" JOBS=2 RUNS=2
while [ $# -gt 0 ]; do
	case $1 in
	--dir) DIR=$2; shift 2 ;;
	--jobs) JOBS=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	-h | --help) sed -n '2,16p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done
need_thuvien
command -v pdfinfo >/dev/null || die "pdfinfo not installed (apt-get install poppler-utils)"

IN=$OUT/ocr-in
rm -rf "$IN"
mkdir -p "$IN"
if [ -n "$DIR" ]; then
	find "$DIR" -type f -iname '*.pdf' -exec ln -s {} "$IN/" \; 2>/dev/null
	SRC=$DIR
else
	REAL=$ROOT/../shared/corpus-real
	[ -f "$REAL/truth.jsonl" ] || die "no $REAL: pass --dir DIR with scanned PDFs"
	python3 - "$REAL" "$IN" <<'EOF' || die "cannot read $REAL/truth.jsonl"
import json, os, sys
real, out = sys.argv[1], sys.argv[2]
for line in open(os.path.join(real, "truth.jsonl"), encoding="utf-8"):
    t = json.loads(line)
    if t.get("scanned") and t["file"].endswith(".pdf"):
        os.symlink(os.path.join(real, "files", t["file"]), os.path.join(out, t["file"]))
EOF
	SRC="../shared/corpus-real (scanned)"
fi
NFILES=$(find "$IN" -name '*.pdf' | wc -l)
[ "$NFILES" -gt 0 ] || die "no PDF to read"
NPAGES=0
for f in "$IN"/*.pdf; do
	p=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	NPAGES=$((NPAGES + ${p:-0}))
done

REPORT=$OUT/ocr-$(date +%Y%m%d-%H%M%S).txt
rows=()
row() { # label pages seconds cpu rss
	local rate
	rate=$(awk -v n="$2" -v s="$3" 'BEGIN { if (s + 0 > 0) printf "%.2f", n / s; else print "-" }')
	rows+=("$(printf '%-50s %6s %9s %9s %9s %9s' "$1" "$2" "$3" "$rate" "$4" "${5:--}")")
}
LOAD=$(load_note)

# ---- thuvien: every page recognised, then the cache warm --------------------
DB=$OUT/db-ocr
index_runs thuvien-ocr "$RUNS" "$JOBS" "$DB" "$IN"
RECOGNISED=$(find "$DB/ocr-cache" -name '*.ocr' 2>/dev/null | wc -l)
TV=$R_SEC
row "thuvien index --jobs $JOBS, OCR cache empty" "$RECOGNISED" "$TV" "$R_CPU" "$R_RSS"
# the same files again into a new index, the OCR cache kept
mv "$DB/ocr-cache" "$OUT/ocr-cache.keep"
rm -rf "$DB"
mkdir -p "$DB"
mv "$OUT/ocr-cache.keep" "$DB/ocr-cache"
timed thuvien-ocr-warm "$THUVIEN" index --db "$DB" --jobs "$JOBS" --quiet "$IN" ||
	die "thuvien index failed: $(tail -3 "$OUT/thuvien-ocr-warm.log")"
row "thuvien index --jobs $JOBS, OCR cache warm" "$RECOGNISED" "$T_SEC" "$T_CPU" "$T_RSS_MB"

# one large scan alone: its pages are read one after another, whatever --jobs
BIG=$(ls -SL "$IN"/*.pdf | head -1)
BIGP=$(pdfinfo "$BIG" 2>/dev/null | awk '/^Pages:/ { print $2 }')
for j in "$JOBS" 1; do
	rm -rf "$DB"
	timed thuvien-ocr-one "$THUVIEN" index --db "$DB" --jobs "$j" --quiet "$BIG" ||
		die "thuvien index failed: $(tail -3 "$OUT/thuvien-ocr-one.log")"
	row "thuvien index --jobs $j, $(basename "$BIG") alone" "${BIGP:-?}" "$T_SEC" "$T_CPU" "$T_RSS_MB"
done

# ---- the command line: pdftoppm + tesseract, a process per page --------------
CLI="" CLI_TEAM=""
if command -v tesseract >/dev/null && command -v pdftoppm >/dev/null; then
	IMG=$OUT/ocr-img
	rm -rf "$IMG"
	mkdir -p "$IMG"
	cli_run() { # NAME LIMIT: OMP_THREAD_LIMIT for tesseract ("" leaves it unset)
		rm -f "$IMG"/*
		# shellcheck disable=SC2016
		timed "$1" bash -c '
			in=$1 img=$2 jobs=$3 limit=$4
			if [ -n "$limit" ]; then export OMP_THREAD_LIMIT=$limit; else unset OMP_THREAD_LIMIT; fi
			ls "$in"/*.pdf | xargs -d "\n" -P "$jobs" -I{} sh -c '\''pdftoppm -r 300 -gray "$1" "$2/$(basename "$1" .pdf)"'\'' _ {} "$img"
			ls "$img"/*.pgm | xargs -d "\n" -P "$jobs" -I{} tesseract {} {} -l vie
		' _ "$IN" "$IMG" "$JOBS" "$2" || echo "$1 failed (see $OUT/$1.log)" >&2
	}
	cli_run tesseract-cli 1
	CLI=$T_SEC
	NIMG=$(find "$IMG" -name '*.pgm' | wc -l)
	row "pdftoppm + tesseract CLI, $JOBS at a time" "$NIMG" "$T_SEC" "$T_CPU" "$T_RSS_MB"
	cli_run tesseract-cli-team ""
	CLI_TEAM=$T_SEC
	row "  same, Tesseract's default OpenMP team" "$NIMG" "$T_SEC" "$T_CPU" "$T_RSS_MB"
else
	rows+=("tesseract CLI: not installed (apt-get install tesseract-ocr)")
fi

{
	echo "== OCR: $(date -u +%Y-%m-%dT%H:%MZ), $NCPU cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
	echo "files: $NFILES PDFs, $NPAGES pages, from $SRC; tesseract $(tesseract --version 2>/dev/null | head -1 | awk '{print $2}'), model vie; thuvien median of $RUNS runs"
	echo "$LOAD"
	printf '%-50s %6s %9s %9s %9s %9s\n' "what" "pages" "seconds" "pages/s" "cpu s" "RSS MB"
	printf '%s\n' "${rows[@]}"
	echo "ratios:"
	printf '  %-58s %10s\n' "tesseract CLI time / thuvien time" "$(ratio "$CLI" "$TV")"
	printf '  %-58s %10s\n' "CLI with the OpenMP team / thuvien time" "$(ratio "$CLI_TEAM" "$TV")"
	echo "(thuvien also reads each page's header again at 400 dpi; the CLI reads each page once)"
	echo "logs: $OUT/thuvien-ocr*.log, $OUT/tesseract-cli*.log"
} | tee "$REPORT"
