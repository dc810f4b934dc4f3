#!/usr/bin/env bash
# query.sh — in-process query latency over large text indexes.
#
#   bench/query.sh [--sizes "200000 1000000"] [--rounds R] [--jobs J]
#
# For each size N: the first N synthetic text documents (bench/gen --seed 1,
# written once under $BENCH_GEN/txt in parts of 100,000, 1,000 per folder) are
# indexed by `thuvien index` itself — the same extraction, analysis and term
# scheme as any library — into $BENCH_OUT/db-N, reused on later runs; a larger
# index starts from a copy of the next smaller one, whose files are then
# skipped as unchanged.  bench/qbench then runs the query list (40 word
# queries with diacritics, the same 40 without, 20 number lookups) R rounds
# through srch_run and prints p50/p95/p99.
set -u
. "$(dirname "$0")/lib.sh"

SIZES="200000 1000000" ROUNDS=5 JOBS=2
PART=100000
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) SIZES=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	--jobs) JOBS=$2; shift 2 ;;
	-h | --help) sed -n '2,15p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done
need_thuvien
[ -f "$LIBTHUVIEN" ] || die "$LIBTHUVIEN not found: build the project first (make)"
build_tools gen qbench
FIRST=1000000 # document numbers of the query corpus (distinct from bench/index.sh's)

# The folders holding the first n documents (whole parts; n rounded up).
parts_for() {
	local n=$1 k parts=()
	for ((k = 0; k * PART < n; k++)); do
		local cnt=$PART
		((n - k * PART < PART)) && cnt=$((n - k * PART))
		gen_docs txt "$GEN/txt/p$k" $((FIRST + k * PART)) "$cnt" 1000
		parts+=("$GEN/txt/p$k")
	done
	echo "${parts[@]}"
}

REPORT=$OUT/query-$(date +%Y%m%d-%H%M%S).txt
prev=""
for n in $SIZES; do
	db=$OUT/db-$n
	if [ ! -f "$db.complete" ]; then
		read -r -a dirs <<<"$(parts_for "$n")"
		rm -rf "$db"
		[ -n "$prev" ] && [ -f "$prev.complete" ] && cp -a "$prev" "$db"
		echo "indexing $n documents into $db ..." >&2
		timed "thuvien-index-$n" "$THUVIEN" index --db "$db" --jobs "$JOBS" --quiet "${dirs[@]}" ||
			die "thuvien index failed: $(tail -3 "$OUT/thuvien-index-$n.log")"
		echo "$(tail -1 "$OUT/thuvien-index-$n.log"); wall $T_SEC s, cpu $T_CPU s, peak RSS $T_RSS_MB MB" |
			tee "$db.complete" >&2
	fi
	prev=$db
	q=$OUT/queries-$n.txt
	gen_queries "$q" "$FIRST" "$n"
	warm "$db"
	{
		echo "== query latency, in-process (srch_run): $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
		load_note
		echo "index built by: $(cat "$db.complete"); size $(du -sh "$db" | cut -f1)"
		"$BIN/qbench" --db "$db" --queries "$q" --rounds "$ROUNDS"
	} | tee -a "$REPORT"
	p50=$(awk '$1 == "all" { print $3 }' "$REPORT" | tail -1)
	p99=$(awk '$1 == "all" { print $5 }' "$REPORT" | tail -1)
	if [ "$n" -ge 1000000 ]; then
		{
			goal "p50 over $n documents, ms" "$p50" "<=" 5
			goal "p99 over $n documents, ms" "$p99" "<=" 30
		} | tee -a "$REPORT"
	fi
done
echo "report: $REPORT"
