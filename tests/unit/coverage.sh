#!/bin/bash
# The unit tests once more with gcov instrumentation, in a build of their
# own: writes BUILD/coverage/html, BUILD/coverage/summary.txt and
# BUILD/coverage/unit.info (lcov tracefile), and fails
# when the hypervisor core and config checker fall below MIN_PERCENT of
# lines.   coverage.sh SOURCE_DIR BUILD_DIR [MIN_PERCENT]
set -euo pipefail
src=$1
out=$2
min=${3:-85}
build=$out/coverage-build
log=$out/coverage/coverage.log

mkdir -p "$out/coverage"
cmake -S "$src/tests/unit" -B "$build" -G Ninja -DJH_COVERAGE=ON \
	-DJH_SANITIZE=OFF -DJH_SOURCE_DIR="$src" >"$log" 2>&1
cmake --build "$build" --target coverage >>"$log" 2>&1 || {
	tail -n 30 "$log"
	exit 1
}
rm -rf "$out/coverage/html"
cp -r "$build/coverage/html" "$out/coverage/html"
# the tracefile too: tests/fw-coverage merges it with the firmware's
cp "$build/coverage/unit.info" "$out/coverage/unit.info"
# lcov's own summary lines for the two parts, as the coverage target
# printed them
grep -v "redefined at" "$log" | sed -n '/^arm64 code built on the host/,$p' |
	grep -v "^coverage report" >"$out/coverage/summary.txt"
echo "report: $out/coverage/html/index.html" >>"$out/coverage/summary.txt"
cat "$out/coverage/summary.txt"

core=$(sed -n '/^hypervisor core and config checker/,$p' \
	"$out/coverage/summary.txt" | sed -n 's/^ *lines\.*: \([0-9.]*\)%.*/\1/p')
[ -n "$core" ] || { echo "coverage: no summary for the core" >&2; exit 1; }
awk -v c="$core" -v m="$min" 'BEGIN { exit !(c >= m) }' || {
	echo "coverage: hypervisor core + checker at $core% of lines, below $min%" >&2
	exit 1
}
