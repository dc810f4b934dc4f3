# lib.sh — shared by the bench/*.sh runners (sourced, not run): where things
# are, building the bench tools, generating corpora once, timing a command.
#
# Environment (all optional):
#   THUVIEN    the thuvien binary            (default: <project>/thuvien)
#   LIBTHUVIEN the library qbench links      (default: <project>/libthuvien.a)
#   BENCH_GEN  generated corpora             (default: bench/gen)
#   BENCH_OUT  databases, logs, tools        (default: bench/out)
#   SEEDS      seed texts                    (default: <project>/../shared/seeds)
#   GEN_SEED   generator seed                (default: 1)

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
THUVIEN=${THUVIEN:-$ROOT/thuvien}
LIBTHUVIEN=${LIBTHUVIEN:-$ROOT/libthuvien.a}
GEN=${BENCH_GEN:-$BENCH_DIR/gen}
OUT=${BENCH_OUT:-$BENCH_DIR/out}
SEEDS=${SEEDS:-$ROOT/../shared/seeds}
GEN_SEED=${GEN_SEED:-1}
BIN=$OUT/bin
NCPU=$(nproc)

mkdir -p "$GEN" "$OUT"

die() {
	echo "bench: $*" >&2
	exit 1
}

need_thuvien() {
	[ -x "$THUVIEN" ] || die "$THUVIEN not found: build the project first (make), or set THUVIEN"
}

# build_tools gen pdftext qbench — compiles into $BIN when older than the source
build_tools() {
	local t targets=()
	for t in "$@"; do targets+=("$BIN/$t"); done
	make -s -C "$BENCH_DIR" BIN="$BIN" LIB="$LIBTHUVIEN" "${targets[@]}" >&2 ||
		die "cannot build ${*} (see above)"
}

# gen_docs FORMAT DIR FIRST COUNT [PER_DIR] — generates once; a stamp file
# records what was generated so a changed request regenerates.  (After
# changing gen.c itself, remove $BENCH_GEN: regenerated files get new mtimes,
# which an incremental index would rightly see as changed.)
gen_docs() {
	local fmt=$1 dir=$2 first=$3 count=$4 per=${5:-0}
	local stamp="$dir/.generated"
	local want="$fmt seed=$GEN_SEED first=$first count=$count per_dir=$per"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
	build_tools gen
	rm -rf "$dir"
	local t0=$(date +%s.%N)
	local extra=()
	[ "$per" -gt 0 ] && extra=(--per-dir "$per")
	"$BIN/gen" --seeds "$SEEDS" --seed "$GEN_SEED" --format "$fmt" --out "$dir" \
		--first "$first" --count "$count" --jobs "$NCPU" "${extra[@]}" ||
		die "generating $fmt into $dir failed"
	echo "$want" >"$stamp"
	printf 'generated %d %s files in %.1f s (%s)\n' "$count" "$fmt" \
		"$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { print a - b }')" "$dir" >&2
}

# The query list for qbench and http.sh: word windows with and without
# diacritics, number lookups of documents in [first, first+count).
gen_queries() {
	local file=$1 first=$2 count=$3
	build_tools gen
	"$BIN/gen" --seeds "$SEEDS" --seed "$GEN_SEED" --queries "$file" --words 40 --numbers 20 \
		--first "$first" --count "$count" || die "cannot write $file"
}

# timed NAME CMD... — runs CMD under /usr/bin/time -v; sets T_SEC (wall),
# T_CPU (user + system seconds, children included) and T_RSS_MB (peak resident
# set of the largest process of the tree), keeps
# stdout+stderr in $OUT/NAME.log.  Returns CMD's status.
timed() {
	local name=$1
	shift
	local tf="$OUT/$name.time" log="$OUT/$name.log"
	/usr/bin/time -v -o "$tf" "$@" >"$log" 2>&1
	local rc=$?
	T_SEC=$(awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$tf")
	T_RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tf")
	T_CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$tf")
	return $rc
}

# Pull files into the page cache so every tool starts from the same state
# (we do not drop the machine's caches: other work may be running).  Links
# are followed: bench/ocr.sh links the files it reads.
warm() {
	find -L "$@" -type f -print0 | xargs -0 cat >/dev/null
}

# index_runs NAME N JOBS DB PATH... — `thuvien index --jobs JOBS PATH...` into
# a fresh DB, N times, the files warmed before each run; sets R_SEC (median
# wall seconds), R_CPU (median CPU seconds) and R_RSS (largest peak RSS, MB).
index_runs() {
	local name=$1 n=$2 jobs=$3 db=$4 r secs=() cpu=() rss=()
	shift 4
	for r in $(seq 1 "$n"); do
		rm -rf "$db"
		warm "$@"
		timed "$name" "$THUVIEN" index --db "$db" --jobs "$jobs" --quiet "$@" ||
			die "thuvien index failed: $(tail -3 "$OUT/$name.log")"
		secs+=("$T_SEC") cpu+=("$T_CPU") rss+=("$T_RSS_MB")
		echo "$name run $r: $T_SEC s, peak RSS $T_RSS_MB MB: $(tail -1 "$OUT/$name.log")" >&2
	done
	R_SEC=$(median "${secs[@]}")
	R_CPU=$(median "${cpu[@]}")
	R_RSS=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
}

ratio() { # ratio A B → A/B with one decimal, "-" if unknown
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.1f", a / b }'
}

median() { # median of the arguments
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

goal() { # goal LABEL VALUE OP TARGET → "MET"/"MISSED" line
	local label=$1 v=$2 op=$3 target=$4 ok
	ok=$(awk -v v="$v" -v t="$target" -v op="$op" 'BEGIN {
		if (v == "-" || v == "") { print "n/a"; exit }
		r = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 <= t + 0); print r ? "MET" : "MISSED" }')
	printf '  %-58s %10s  (goal %s %s)  %s\n' "$label" "$v" "$op" "$target" "$ok"
}

# Timings mean little on a busy machine: say so in the report.
load_note() {
	local l
	l=$(cut -d' ' -f1 /proc/loadavg)
	if awk -v l="$l" 'BEGIN { exit !(l > 0.5) }'; then
		echo "WARNING: load average $l when the run started: other work shares the cores, figures are pessimistic"
	else
		echo "load average $l when the run started"
	fi
}
