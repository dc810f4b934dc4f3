#!/usr/bin/env bash
# http.sh — /api/search throughput and latency over HTTP, under wrk.
#
#   bench/http.sh [--db DIR] [--duration 15s] [--connections 8] [--threads 2]
#
# Starts `thuvien serve` on 127.0.0.1 on a free port with the given index
# (default: the largest one bench/query.sh built), runs wrk for a bounded time
# with a Lua script cycling through the query list (bench/gen --queries), prints
# requests/s and the latency distribution (wrk --latency), stops the server.
set -u
. "$(dirname "$0")/lib.sh"

DB="" DUR=15s CONN=8 THREADS=2
while [ $# -gt 0 ]; do
	case $1 in
	--db) DB=$2; shift 2 ;;
	--duration) DUR=$2; shift 2 ;;
	--connections) CONN=$2; shift 2 ;;
	--threads) THREADS=$2; shift 2 ;;
	-h | --help) sed -n '2,10p' "$0"; exit 0 ;;
	*) die "unknown option $1 (see --help)" ;;
	esac
done
need_thuvien
command -v wrk >/dev/null || die "wrk not installed (apt-get install wrk)"
if [ -z "$DB" ]; then
	for n in 1000000 200000; do
		[ -f "$OUT/db-$n.complete" ] && { DB=$OUT/db-$n; break; }
	done
	[ -n "$DB" ] || die "no index: run bench/query.sh --sizes 200000 first, or pass --db DIR"
fi
ndocs=$(basename "$DB" | sed 's/^db-//')
[[ $ndocs =~ ^[0-9]+$ ]] || ndocs=1000
q=$OUT/queries-http.txt
gen_queries "$q" 1000000 "$ndocs"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$THUVIEN" serve --db "$DB" --bind 127.0.0.1 --port "$port" >"$OUT/serve.log" 2>&1 &
srv=$!
stop() { kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null; }
trap stop EXIT
base=http://127.0.0.1:$port
for _ in $(seq 1 100); do
	curl -fsS -o /dev/null "$base/api/search?q=test" 2>/dev/null && break
	kill -0 "$srv" 2>/dev/null || die "thuvien serve exited: $(tail -3 "$OUT/serve.log")"
	sleep 0.1
done
curl -fsS -o /dev/null "$base/api/search?q=test" || die "thuvien serve does not answer on $base"

lua=$OUT/queries.lua
cat >"$lua" <<'EOF'
-- cycles through the query list; each wrk thread starts at a different place
local paths, i = {}, 0
local function enc(s)
	return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
function init(args)
	for line in io.lines(args[1]) do
		local q = line:match("^[^\t]+\t(.+)$")
		if q then paths[#paths + 1] = "/api/search?q=" .. enc(q) end
	end
	i = math.random(#paths)
end
function request()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
EOF
# warm-up pass over every query, then the measured run
while IFS=$'\t' read -r _ text; do
	curl -fsS -o /dev/null -G --data-urlencode "q=$text" "$base/api/search" || true
done <"$q"
REPORT=$OUT/http-$(date +%Y%m%d-%H%M%S).txt
{
	echo "== /api/search under wrk: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores (server and wrk share them)"
	load_note
	echo "index $DB ($(cat "$DB.complete" 2>/dev/null || echo "?")); $(grep -c . "$q") queries cycled"
	echo "wrk -t$THREADS -c$CONN -d$DUR --latency"
	timeout 120 wrk -t"$THREADS" -c"$CONN" -d"$DUR" --latency -s "$lua" "$base" -- "$q"
} | tee "$REPORT"
rps=$(awk '/^Requests\/sec:/ { print $2 }' "$REPORT")
p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' "$REPORT")
{
	goal "/api/search requests/s" "$rps" ">=" 1500
	goal "/api/search p99, ms" "$p99" "<=" 50
} | tee -a "$REPORT"
