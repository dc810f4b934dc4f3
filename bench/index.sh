#!/usr/bin/env bash
# index.sh — indexing throughput of thuvien against omindex (xapian-omega),
# recollindex (recoll) and bare poppler-glib extraction, on the same files in
# the same run; thuvien's peak memory; re-index time with nothing changed.
#
#   bench/index.sh [--pdf N] [--docx N] [--jobs J] [--runs R] [--reindex N] [--no-others]
#
# Corpus: N synthetic PDFs + N DOCX (default 2,000 + 2,000, distinct documents,
# bench/gen --seed 1), generated once under $BENCH_GEN/idx.  Every tool reads
# from the page cache (files are read once before each run).  thuvien runs R
# times (default 3, median reported); the slower tools once.
set -u
. "$(dirname "$0")/lib.sh"

NPDF=2000 NDOCX=2000 JOBS=2 RUNS=3 NRE=10000 OTHERS=1
while [ $# -gt 0 ]; do
	case $1 in
	--pdf) NPDF=$2; shift 2 ;;
	--docx) NDOCX=$2; shift 2 ;;
	--jobs) JOBS=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--reindex) NRE=$2; shift 2 ;;
	--no-others) OTHERS=0; shift ;;
	-h | --help) sed -n '2,12p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done
need_thuvien
build_tools gen pdftext

IDX=$GEN/idx
gen_docs pdf "$IDX/pdf" 0 "$NPDF"
gen_docs docx "$IDX/docx" "$NPDF" "$NDOCX"
NALL=$((NPDF + NDOCX))
REPORT=$OUT/index-$(date +%Y%m%d-%H%M%S).txt
rows=()
row() { # label files seconds rss [cpu]
	local rate
	rate=$(awk -v n="$2" -v s="$3" 'BEGIN { if (s + 0 > 0) printf "%.1f", n / s; else print "-" }')
	rows+=("$(printf '%-44s %6s %9s %9s %9s %9s' "$1" "$2" "$3" "$rate" "${5:-$T_CPU}" "${4:--}")")
}
LOAD=$(load_note)

# ---- thuvien, all 4,000 files ------------------------------------------------
index_runs thuvien-index "$RUNS" "$JOBS" "$OUT/db-idx" "$IDX"
TV=$R_SEC TV_RSS=$R_RSS
row "thuvien index --jobs $JOBS (pdf+docx)" "$NALL" "$TV" "$TV_RSS" "$R_CPU"

# re-index with nothing changed, same database
warm "$IDX"
timed thuvien-reindex "$THUVIEN" index --db "$OUT/db-idx" --jobs "$JOBS" --quiet "$IDX" ||
	die "thuvien re-index failed"
row "thuvien re-index, nothing changed" "$NALL" "$T_SEC" "$T_RSS_MB"

# ---- thuvien, PDFs only, against bare poppler ----------------------------------
# Run by turns, RUNS times each, so that both meet the same moments of a
# host whose speed drifts: the medians, and each pair's ratio, are reported.
warm "$IDX/pdf"
pdf_secs=() pdf_cpu=() pdf_rss=() pop_secs=() pop_cpu=() pair_ratio=()
for r in $(seq 1 "$RUNS"); do
	rm -rf "$OUT/db-pdf"
	timed thuvien-pdf "$THUVIEN" index --db "$OUT/db-pdf" --jobs "$JOBS" --quiet "$IDX/pdf" ||
		die "thuvien index (pdf) failed"
	pdf_secs+=("$T_SEC") pdf_cpu+=("$T_CPU") pdf_rss+=("$T_RSS_MB")
	timed poppler-n "$BIN/pdftext" --jobs "$JOBS" "$IDX/pdf" || die "pdftext failed"
	pop_secs+=("$T_SEC") pop_cpu+=("$T_CPU") POP_RSS=$T_RSS_MB
	pair_ratio+=("$(awk -v a="${pdf_secs[-1]}" -v b="$T_SEC" 'BEGIN { printf "%.2f", a / b }')")
	echo "pdf pair $r: thuvien ${pdf_secs[-1]} s, bare poppler $T_SEC s" >&2
done
TV_PDF=$(median "${pdf_secs[@]}")
POP=$(median "${pop_secs[@]}")
row "thuvien index --jobs $JOBS (pdf only)" "$NPDF" "$TV_PDF" \
	"$(printf '%s\n' "${pdf_rss[@]}" | sort -n | tail -1)" "$(median "${pdf_cpu[@]}")"
rm -rf "$OUT/db-docx"
warm "$IDX/docx"
timed thuvien-docx "$THUVIEN" index --db "$OUT/db-docx" --jobs "$JOBS" --quiet "$IDX/docx" ||
	die "thuvien index (docx) failed"
row "thuvien index --jobs $JOBS (docx only)" "$NDOCX" "$T_SEC" "$T_RSS_MB"

warm "$IDX/pdf"
timed poppler-1 "$BIN/pdftext" --jobs 1 "$IDX/pdf" || die "pdftext failed"
row "bare poppler_page_get_text, 1 thread" "$NPDF" "$T_SEC" "$T_RSS_MB"
row "bare poppler_page_get_text, $JOBS threads" "$NPDF" "$POP" "$POP_RSS" "$(median "${pop_cpu[@]}")"
timed poppler-layout "$BIN/pdftext" --jobs "$JOBS" --layout "$IDX/pdf" || die "pdftext failed"
row "  same + text layout + attributes" "$NPDF" "$T_SEC" "$T_RSS_MB"

# ---- the others ---------------------------------------------------------------------
OM="" RC=""
if [ "$OTHERS" = 1 ]; then
	if command -v omindex >/dev/null; then
		rm -rf "$OUT/db-omindex"
		warm "$IDX"
		# omindex's own handlers: pdftotext per PDF, unzip per DOCX part
		timed omindex omindex --db "$OUT/db-omindex" --url / "$IDX" || echo "omindex failed" >&2
		OM=$T_SEC
		row "omindex (xapian-omega $(omindex --version | awk '{print $NF}'))" "$NALL" "$T_SEC" "$T_RSS_MB"
	else
		rows+=("omindex: not installed (apt-get install xapian-omega)")
	fi
	if command -v recollindex >/dev/null; then
		conf=$OUT/recoll-conf
		rm -rf "$conf" "$OUT/db-recoll"
		mkdir -p "$conf"
		# spelling dictionary off: aspell has no Vietnamese data and fails
		printf 'topdirs = %s\ndbdir = %s\nnoaspell = 1\nloglevel = 2\n' "$IDX" \
			"$OUT/db-recoll" >"$conf/recoll.conf"
		warm "$IDX"
		timed recollindex recollindex -c "$conf" -z || echo "recollindex failed" >&2
		RC=$T_SEC
		row "recollindex (recoll $(dpkg-query -W -f '${Version}' recollcmd 2>/dev/null))" "$NALL" "$T_SEC" "$T_RSS_MB"
	else
		rows+=("recollindex: not installed (apt-get install recollcmd)")
	fi
fi

# ---- re-index of NRE unchanged text files ---------------------------------------------
RE=""
if [ "$NRE" -gt 0 ]; then
	per=1000
	gen_docs txt "$GEN/txt-re" 5000000 "$NRE" "$per"
	rm -rf "$OUT/db-re"
	warm "$GEN/txt-re"
	timed thuvien-re-first "$THUVIEN" index --db "$OUT/db-re" --jobs "$JOBS" --quiet "$GEN/txt-re" ||
		die "thuvien index (txt) failed"
	row "thuvien index --jobs $JOBS (txt)" "$NRE" "$T_SEC" "$T_RSS_MB"
	timed thuvien-re "$THUVIEN" index --db "$OUT/db-re" --jobs "$JOBS" --quiet "$GEN/txt-re" ||
		die "thuvien re-index (txt) failed"
	RE=$T_SEC
	row "thuvien re-index, nothing changed (txt)" "$NRE" "$T_SEC" "$T_RSS_MB"
fi

{
	echo "== indexing: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo)"
	echo "corpus: $NPDF PDF + $NDOCX DOCX ($(du -sh "$IDX" | cut -f1)), bench/gen --seed $GEN_SEED; thuvien median of $RUNS runs"
	echo "$LOAD"
	printf '%-44s %6s %9s %9s %9s %9s\n' "what" "files" "seconds" "files/s" "cpu s" "RSS MB"
	printf '%s\n' "${rows[@]}"
	echo "ratios and goals:"
	goal "omindex time / thuvien time" "$(ratio "$OM" "$TV")" ">=" 20
	goal "recollindex time / thuvien time" "$(ratio "$RC" "$TV")" ">=" 5
	goal "thuvien pdf time / bare poppler time (same threads)" "$(median "${pair_ratio[@]}")" "<=" 2
	echo "  (the median of $RUNS pairs run by turns: ${pair_ratio[*]})"
	goal "thuvien indexer peak RSS, MB" "$TV_RSS" "<=" 300
	[ -n "$RE" ] && goal "re-index $NRE unchanged files, s" "$RE" "<=" 3
	echo "logs: $OUT/*.log, /usr/bin/time -v output: $OUT/*.time"
} | tee "$REPORT"
