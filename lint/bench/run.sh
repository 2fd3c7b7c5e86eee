#!/usr/bin/env bash
# racelint's benchmark: wall time, lines per second and peak memory at
# classroom scale, side by side with a bare single-threaded syn parse (the
# floor) and with cargo clippy over the same crates.
#
#   lint/bench/run.sh            # everything (clippy cold runs take minutes)
#   RUNS=3 CLIPPY=0 lint/bench/run.sh   # fewer runs, no clippy
#   RUNS=3 CLIPPY=0 BIG=0 lint/bench/run.sh   # also without the large inputs
#
# The large inputs, each measured against the bare parse of the same files in
# the same run: a classroom of 19,600 small files (200 students, 98 programs
# each), one generated 50 MB file, and 10,000 functions on one line next to
# the same functions one line each (human and JSON output).
#
# Environment:
#   BENCH_DIR   where the generated inputs go (default /tmp/racelint-bench);
#               they are generated once and reused
#   RUNS        hyperfine runs per command (default 10; clippy cold: 2)
#   CLIPPY      0 to skip clippy
#   PYTHON      0 to skip the Python part: racelint over CPython's standard
#               library (the local python3's, without site-packages) beside
#               a bare single-threaded Ruff parse of the same files and
#               `ruff check --select PLW2101` (ruff from pip, in a venv
#               under BENCH_DIR)
#   BIG         0 to skip the large inputs
#   RUNS_BIG    runs of each command on the large inputs (default 3)
#   CARGO_TARGET_DIR  where racelint is built (default: the workspace's target/)
#   BASELINE    another racelint binary (an older build, say) to time beside
#               this one on the classroom inputs, in the same run
#
# Needs hyperfine and GNU time (`/usr/bin/time`): installed with apt-get
# when missing and this runs as root; otherwise `apt-get install hyperfine time`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bench=${BENCH_DIR:-/tmp/racelint-bench}
runs=${RUNS:-10}
clippy=${CLIPPY:-1}
big=${BIG:-1}
runs_big=${RUNS_BIG:-3}
target=${CARGO_TARGET_DIR:-$root/target}

need() {
    local tool=$1 package=$2
    if ! command -v "$tool" >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            echo "installing $package..." >&2
            apt-get install -y "$package" >/dev/null 2>&1 ||
                { apt-get update >/dev/null && apt-get install -y "$package" >/dev/null; }
        else
            echo "error: $tool is missing: run \`sudo apt-get install $package\`" >&2
            exit 2
        fi
    fi
}
need hyperfine hyperfine
need /usr/bin/time time

echo "building racelint (release)..." >&2
(cd "$root" && CARGO_TARGET_DIR=$target cargo build --release --quiet -p racelint --bins --example gen_classroom --example parse_floor --example py_parse_floor)
bin=$target/release
racelint=$bin/racelint
floor=$bin/examples/parse_floor
gen=$bin/examples/gen_classroom

[ -d "$bench/class100" ] || "$gen" class "$bench/class100" 100 >&2
[ -d "$bench/class1000" ] || "$gen" class "$bench/class1000" 1000 >&2
[ -d "$bench/large" ] || "$gen" large "$bench/large" 1000000 >&2
[ -d "$bench/single" ] || "$gen" single "$bench/single" >&2
if [ "$big" != 0 ]; then
    [ -d "$bench/many" ] || "$gen" many "$bench/many" 200 >&2
    [ -d "$bench/huge" ] || "$gen" huge "$bench/huge" 50 >&2
    [ -d "$bench/longline" ] || "$gen" longline "$bench/longline" 10000 >&2
fi

lines() { find "$1" -name '*.rs' -not -path '*/target/*' -exec cat {} + | wc -l; }

# Mean wall time in seconds of one command, from hyperfine's CSV.
measure() {
    local runs=$1 prepare=$2
    shift 2
    local csv
    csv=$(mktemp)
    if [ -n "$prepare" ]; then
        hyperfine -i --style none --runs "$runs" --warmup 0 --prepare "$prepare" --export-csv "$csv" "$@" >/dev/null 2>&1
    else
        hyperfine -i --style none --runs "$runs" --warmup 1 --export-csv "$csv" "$@" >/dev/null 2>&1
    fi
    awk -F, 'NR == 2 { print $2 }' "$csv"
    rm -f "$csv"
}

peak_mb() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }'
}

row() { printf '%-44s %10s %14s %12s\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
per_second() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
ms() { awk -v t="$1" 'BEGIN { printf "%.1f ms", t * 1000 }'; }

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ { print $2 }') GiB"
echo

row "input" "lines" "" ""
for set in class100 class1000 large; do
    n=$(lines "$bench/$set")
    eval "lines_$set=$n"
    row "$set" "$n" "" ""
done
echo

row "command" "wall" "lines/s" "vs floor"
for set in class100 class1000 large; do
    n=$(eval echo "\$lines_$set")
    t_floor=$(measure "$runs" "" "$floor $bench/$set")
    t_plain=$(measure "$runs" "" "$racelint -q $bench/$set")
    row "parse_floor $set (1 thread)" "$(ms "$t_floor")" "$(per_second "$n" "$t_floor")" "1.00"
    row "racelint $set (plain, $(nproc) cores)" "$(ms "$t_plain")" "$(per_second "$n" "$t_plain")" "$(ratio "$t_plain" "$t_floor")"
    if [ -n "${BASELINE:-}" ]; then
        t_base=$(measure "$runs" "" "$BASELINE -q $bench/$set")
        row "baseline racelint $set" "$(ms "$t_base")" "$(per_second "$n" "$t_base")" "$(ratio "$t_base" "$t_floor")"
        row "  this racelint / baseline" "$(ratio "$t_plain" "$t_base")" "" ""
    fi
    if [ -f "$bench/$set/Cargo.toml" ]; then
        t_cargo=$(measure "$runs" "" "$bin/cargo-racelint racelint -q --workspace --manifest-path $bench/$set/Cargo.toml")
        row "cargo racelint --workspace $set" "$(ms "$t_cargo")" "$(per_second "$n" "$t_cargo")" "$(ratio "$t_cargo" "$t_floor")"
    fi
    eval "t_plain_$set=$t_plain"
done
echo

# One exercise crate, the way a learner runs it: cargo, cargo metadata and all.
t_single=$(PATH="$bin:$PATH" measure "$runs" "" "cd $bench/single && cargo racelint -q")
row "cargo racelint, one exercise crate" "$(ms "$t_single")" "" ""
echo

row "peak memory (max RSS)" "MiB" "" ""
row "racelint large ($lines_large lines)" "$(peak_mb "$racelint" -q "$bench/large")" "" ""
row "racelint class1000" "$(peak_mb "$racelint" -q "$bench/class1000")" "" ""
row "parse_floor large" "$(peak_mb "$floor" "$bench/large")" "" ""
echo

# Mean wall time of one command over `runs_big` runs without a warm-up.
measure_big() {
    local csv
    csv=$(mktemp)
    hyperfine -i --style none --runs "$runs_big" --warmup 0 --export-csv "$csv" "$@" >/dev/null 2>&1
    awk -F, 'NR == 2 { print $2 }' "$csv"
    rm -f "$csv"
}

bytes_out() { "$@" 2>/dev/null | wc -c; }

# Peak memory in MiB and CPU seconds (user + system) of one run.
peak_and_cpu() {
    /usr/bin/time -f '%M %U %S' "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.0f %.2f\n", $1 / 1024, $2 + $3 }'
}

if [ "$big" != 0 ]; then
    row "large inputs (racelint on $(nproc) cores)" "wall" "vs floor" "peak MiB"
    for input in many huge longline/many_lines.rs longline/one_line.rs; do
        path=$bench/$input
        size=$(du -sh "$path" | cut -f1)
        files=$(find "$path" -name '*.rs' | wc -l)
        t_floor=$(measure_big "$floor $path")
        t_plain=$(measure_big "$racelint -q $path")
        read -r m_floor c_floor < <(peak_and_cpu "$floor" "$path")
        read -r m_plain c_plain < <(peak_and_cpu "$racelint" -q "$path")
        row "parse_floor $input ($files files, $size)" "$(ms "$t_floor")" "1.00" "$m_floor"
        row "racelint $input" "$(ms "$t_plain")" "$(ratio "$t_plain" "$t_floor")" "$m_plain"
        if [ "$input" = huge ]; then
            # The same runs: CPU time does not depend on the load, and peak
            # memory as a multiple of the file (syn's tree alone is about 90).
            mib=$(awk -v b="$(find "$path" -name '*.rs' -exec cat {} + | wc -c)" 'BEGIN { print b / 1048576 }')
            row "  CPU s: parse_floor / racelint" "$c_floor" "$c_plain" ""
            row "  peak / file size: parse_floor / racelint" "$(ratio "$m_floor" "$mib")x" "$(ratio "$m_plain" "$mib")x" ""
        fi
        if [ "${input#longline}" != "$input" ]; then
            t_json=$(measure_big "$racelint -q --message-format=json $path")
            row "racelint --message-format=json $input" "$(ms "$t_json")" "$(ratio "$t_json" "$t_floor")" ""
            row "  output: human / json bytes" "$(bytes_out "$racelint" -q "$path")" "$(bytes_out "$racelint" -q --message-format=json "$path")" ""
        fi
    done
    # CPU time, summed over the threads: the work racelint does beyond the parse.
    cpu() { /usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.2f", $1 + $2 }'; }
    row "CPU s, many: parse_floor / racelint" "$(cpu "$floor" "$bench/many")" "$(cpu "$racelint" -q "$bench/many")" ""
    echo
fi

if [ "$clippy" != 0 ]; then
    clippy_target=$bench/clippy-target
    cmd="cd $bench/class100 && CARGO_TARGET_DIR=$clippy_target cargo clippy --quiet --workspace 2>/dev/null"
    # Cold: nothing built. Warm: everything built once, then every source
    # touched, so that clippy checks all 100 crates again with a warm cargo.
    t_cold=$(measure "${CLIPPY_COLD_RUNS:-2}" "rm -rf $clippy_target" "$cmd")
    t_warm=$(measure 3 "touch $bench/class100/student_*/src/main.rs" "$cmd")
    row "cargo clippy --workspace class100 (cold)" "$(ms "$t_cold")" "$(per_second "$lines_class100" "$t_cold")" ""
    row "cargo clippy --workspace class100 (warm)" "$(ms "$t_warm")" "$(per_second "$lines_class100" "$t_warm")" ""
    row "racelint speed-up over warm clippy" "$(ratio "$t_warm" "$t_plain_class100")x" "" ""
    row "racelint speed-up over cold clippy" "$(ratio "$t_cold" "$t_plain_class100")x" "" ""
fi

if [ "${PYTHON:-1}" != 0 ] && command -v python3 >/dev/null; then
    stdlib=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
    # The standard library, not the packages installed next to it.
    py_paths=$(cd "$stdlib" && for e in *; do { [ -d "$e" ] || [ "${e%.py}" != "$e" ]; } && echo "$stdlib/$e"; done | grep -v -e '/site-packages$' -e '/dist-packages$' | tr '\n' ' ')
    venv=$bench/ruff-venv
    [ -x "$venv/bin/ruff" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q ruff; } >&2
    py_lines=$(find $py_paths -name '*.py' -exec cat {} + 2>/dev/null | wc -l)
    echo
    row "CPython $(python3 -c 'import platform; print(platform.python_version())') Lib/" "$py_lines" "" ""
    row "command" "wall" "lines/s" "vs floor"
    t_pyfloor=$(measure "$runs" "" "$bin/examples/py_parse_floor $py_paths")
    t_pyrace=$(measure "$runs" "" "$racelint -q $py_paths")
    t_ruff=$(measure "$runs" "" "$venv/bin/ruff check --no-cache --quiet --select PLW2101 --exit-zero $py_paths")
    row "py_parse_floor Lib/ (Ruff parser, 1 thread)" "$(ms "$t_pyfloor")" "$(per_second "$py_lines" "$t_pyfloor")" "1.00"
    row "racelint Lib/ ($(nproc) cores)" "$(ms "$t_pyrace")" "$(per_second "$py_lines" "$t_pyrace")" "$(ratio "$t_pyrace" "$t_pyfloor")"
    row "ruff check --select PLW2101 Lib/" "$(ms "$t_ruff")" "$(per_second "$py_lines" "$t_ruff")" "$(ratio "$t_ruff" "$t_pyfloor")"
    row "racelint speed-up over ruff check" "$(ratio "$t_ruff" "$t_pyrace")x" "" ""
    row "peak memory racelint Lib/ (MiB)" "$(peak_mb "$racelint" -q $py_paths)" "" ""
fi
