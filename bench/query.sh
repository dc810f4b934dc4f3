#!/usr/bin/env bash
# query.sh — in-process query latency over large text indexes.
#
#   bench/query.sh [--sizes "200000 1000000"] [--rounds R] [--jobs J] [--stand-in]
#
# For each size N: the first N synthetic text documents (bench/gen --seed 1,
# written once under $BENCH_GEN/txt in parts of 100,000, 1,000 per folder) are
# indexed by `thuvien index` itself — the same extraction, analysis and term
# scheme as any library — into $BENCH_OUT/db-N, reused on later runs.  Each
# is a first build, so a bulk load (workers fill segments, one merge: see
# indexer.c).  bench/qbench then runs the query list (40 word
# queries with diacritics, the same 40 without, 20 number lookups) R rounds
# through srch_run and prints p50/p95/p99: ranked from the top lists, then
# ranking every match (--exhaustive), then how close the two first pages are
# (--compare).
#
# --stand-in: a 1,000,000-document stand-in as well, the largest index built
# merged five times by xapian-compact (each document five times: posting lists
# as long as a million documents make, not a million distinct documents).
set -u
. "$(dirname "$0")/lib.sh"

SIZES="200000 1000000" ROUNDS=5 JOBS=2 STANDIN=0
PART=100000
while [ $# -gt 0 ]; do
	case $1 in
	--sizes) SIZES=$2; shift 2 ;;
	--rounds) ROUNDS=$2; shift 2 ;;
	--jobs) JOBS=$2; shift 2 ;;
	--stand-in) STANDIN=1; shift ;;
	-h | --help) sed -n '2,21p' "$0"; exit 0 ;;
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

# measure DB N LABEL — the three qbench runs on one index, and the goals at 1M
measure() {
	local db=$1 n=$2 label=$3 q=$OUT/queries-$2.txt
	local top=$OUT/qbench-top.txt note
	warm "$db"
	note=$(load_note)
	"$BIN/qbench" --db "$db" --queries "$q" --rounds "$ROUNDS" >"$top" 2>&1
	{
		echo "== query latency, in-process (srch_run): $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
		echo "$note"
		echo "index: $label; size $(du -sh "$db" | cut -f1)"
		echo "-- ranked from the top lists"
		cat "$top"
		echo "-- ranking every match (--exhaustive)"
		"$BIN/qbench" --db "$db" --queries "$q" --rounds "$ROUNDS" --exhaustive
		echo "-- first pages compared"
		"$BIN/qbench" --db "$db" --queries "$q" --rounds 1 --compare | tail -1
	} | tee -a "$REPORT"
	local p50 p99
	p50=$(awk '$1 == "all" { print $3 }' "$top")
	p99=$(awk '$1 == "all" { print $5 }' "$top")
	if [ "$n" -ge 1000000 ]; then
		{
			goal "p50 over $n documents ($label), ms" "$p50" "<=" 5
			goal "p99 over $n documents ($label), ms" "$p99" "<=" 30
		} | tee -a "$REPORT"
	fi
}

prev=""
for n in $SIZES; do
	db=$OUT/db-$n
	if [ ! -f "$db.complete" ]; then
		read -r -a dirs <<<"$(parts_for "$n")"
		rm -rf "$db"
		echo "indexing $n documents into $db ..." >&2
		timed "thuvien-index-$n" "$THUVIEN" index --db "$db" --jobs "$JOBS" --quiet "${dirs[@]}" ||
			die "thuvien index failed: $(tail -3 "$OUT/thuvien-index-$n.log")"
		echo "$(tail -1 "$OUT/thuvien-index-$n.log"); wall $T_SEC s, cpu $T_CPU s, peak RSS $T_RSS_MB MB" |
			tee "$db.complete" >&2
	fi
	prev=$db
	gen_queries "$OUT/queries-$n.txt" "$FIRST" "$n"
	# an index built by an older thuvien gets its top lists (nothing else changes)
	read -r -a dirs <<<"$(parts_for "$n")"
	"$THUVIEN" index --db "$db" --jobs "$JOBS" --quiet "${dirs[@]}" >/dev/null ||
		die "thuvien index (top lists) failed on $db"
	measure "$db" "$n" "$n documents, built by: $(cat "$db.complete")"
done

if [ "$STANDIN" = 1 ]; then
	command -v xapian-compact >/dev/null || die "xapian-compact not installed (apt-get install xapian-tools)"
	[ -n "$prev" ] || die "--stand-in needs an index built first"
	base=${prev##*/db-}
	sdb=$OUT/db-$base-x5
	if [ ! -f "$sdb.complete" ]; then
		rm -rf "$sdb"
		echo "merging $prev five times into $sdb ..." >&2
		timed "compact-x5" xapian-compact "$prev" "$prev" "$prev" "$prev" "$prev" "$sdb" ||
			die "xapian-compact failed: $(tail -3 "$OUT/compact-x5.log")"
		echo "xapian-compact: $T_SEC s" >"$sdb.complete"
	fi
	read -r -a dirs <<<"$(parts_for "$base")"
	timed "top-x5" "$THUVIEN" index --db "$sdb" --jobs "$JOBS" --quiet "${dirs[@]}" ||
		die "thuvien index (top lists) failed on $sdb"
	cp "$OUT/queries-$base.txt" "$OUT/queries-$((base * 5)).txt"
	measure "$sdb" "$((base * 5))" "stand-in: the $base-document index five times ($(cat "$sdb.complete"); top lists $T_SEC s)"
fi
echo "report: $REPORT"
