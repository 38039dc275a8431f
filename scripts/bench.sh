#!/usr/bin/env bash
# Usage: scripts/bench.sh MODULE_DIR [PATTERN...]
#
# Prints the wall time and peak memory (resident set size of the largest
# process, from /usr/bin/time -v) of go vet, go vet -vettool=locklint and
# locklint on the packages PATTERN names (default ./...) in MODULE_DIR,
# cold and cached, with ratios to go vet.
#
# Environment:
#   LOCKLINT_FLAGS  locklint's flags for the module, e.g. "-schema=migrations"
#   LOCKLINT        the locklint binary (default: built from this checkout)
#   BEFORE          another locklint binary to measure as well (standalone)
#   RUNS            runs of each command; the median is printed (default 3)
#
# "Cold" means no vet result of the packages is in go's cache: each cold
# run gets a fresh tool ID (go vet: a -printf.funcs value no code calls;
# locklint: an empty schema file named by LOCKLINT_SCHEMA, whose content
# the tool ID folds in). Compiled export data stays cached, as it would
# after any build of the module; "cached" is the same command run again.
set -euo pipefail

if [ $# -lt 1 ]; then
	sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
module=$(cd "$1" && pwd)
shift
patterns=("${@:-./...}")
runs=${RUNS:-3}
read -r -a flags <<<"${LOCKLINT_FLAGS:-}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bin=${LOCKLINT:-}
if [ -z "$bin" ]; then
	bin=$tmp/locklint
	(cd "$repo" && go build -o "$bin" ./cmd/locklint)
fi

# measure NAME CMD...: runs CMD in the module RUNS times and records the
# median wall seconds and peak RSS (MB) as NAME.
declare -A wall rss
measure() {
	local name=$1 i
	shift
	local walls=() rsss=()
	if [ -n "${WARM:-}" ]; then (cd "$module" && "$@" >/dev/null 2>&1) || true; fi
	for ((i = 0; i < runs; i++)); do
		if [ -n "${PREPARE:-}" ]; then eval "$PREPARE"; fi
		(cd "$module" && /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err") || true
		# The last line: a non-zero exit adds a line before it.
		read -r w m < <(tail -n 1 "$tmp/time")
		walls+=("$w")
		rsss+=("$((m / 1024))")
	done
	wall[$name]=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
	rss[$name]=$(printf '%s\n' "${rsss[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
}

fresh() { # a new cache key for the next cold run
	n=$((${n:-0} + 1))
	echo "-- bench $$ $n" >"$tmp/fresh-$n.sql"
	export LOCKLINT_SCHEMA=$tmp/fresh-$n.sql
	export vetfresh="-printf.funcs=benchFresh$$x$n"
}

# Compile once, so that every cold run finds export data cached.
(cd "$module" && go build "${patterns[@]}" >/dev/null 2>&1) || true

PREPARE=fresh
measure "go vet, cold" bash -c 'go vet $vetfresh "$@"' _ "${patterns[@]}"
measure "go vet -vettool=locklint, cold" go vet -vettool="$bin" -json "${flags[@]}" "${patterns[@]}"
measure "locklint, cold" "$bin" "${flags[@]}" "${patterns[@]}"
if [ -n "${BEFORE:-}" ]; then
	measure "locklint (before), cold" "$BEFORE" "${flags[@]}" "${patterns[@]}"
fi
unset PREPARE
WARM=1
measure "go vet, cached" bash -c 'go vet $vetfresh "$@"' _ "${patterns[@]}"
measure "go vet -vettool=locklint, cached" go vet -vettool="$bin" -json "${flags[@]}" "${patterns[@]}"
measure "locklint, cached" "$bin" "${flags[@]}" "${patterns[@]}"

printf '%s, %s (median of %d)\n\n' "$module" "${patterns[*]}" "$runs"
printf '| command | wall | peak RSS | wall vs go vet | RSS vs go vet |\n| --- | --- | --- | --- | --- |\n'
for name in "go vet, cold" "go vet -vettool=locklint, cold" "locklint, cold" "locklint (before), cold" \
	"go vet, cached" "go vet -vettool=locklint, cached" "locklint, cached"; do
	[ -n "${wall[$name]:-}" ] || continue
	base=${name#*, }
	awk -v n="$name" -v w="${wall[$name]}" -v m="${rss[$name]}" -v bw="${wall["go vet, $base"]}" -v bm="${rss["go vet, $base"]}" \
		'BEGIN { printf "| %s | %.2f s | %d MB | %.2f× | %.2f× |\n", n, w, m, w / bw, m / bm }'
done
