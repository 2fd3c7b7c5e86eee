#!/usr/bin/env bash
# racelint on real concurrency crates: fetches the crates of wild/crates.tsv at
# their exact versions from the crate registry (a generated throwaway manifest
# and `cargo fetch`, nothing else from the network), lints the library sources
# (`src/`) of each with its own edition, prints the findings per lint per
# crate, and scores them against wild/verdicts.tsv: precision, deny-level
# findings in library code, false alarms by cause, and every finding without
# a verdict.
#
#   lint/bench/wild.sh
#   RACELINT=path/to/racelint lint/bench/wild.sh    # score another build
#
# Environment:
#   WILD_DIR          work folder: manifest, registry, findings (default /tmp/racelint-wild);
#                     the crates are fetched once and reused
#   WILD_CARGO_HOME   the cargo home the crates are fetched into (default $WILD_DIR/cargo-home,
#                     so that the user's own registry is left as it was)
#   RACELINT          the racelint binary to score (default: built here, release)
#   CARGO_TARGET_DIR  where racelint and the scorer are built (default: the workspace's target/)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${WILD_DIR:-/tmp/racelint-wild}
home=${WILD_CARGO_HOME:-$work/cargo-home}
target=${CARGO_TARGET_DIR:-$root/target}
crates=$here/wild/crates.tsv
verdicts=$here/wild/verdicts.tsv

echo "building racelint and the scorer (release)..." >&2
(cd "$root" && CARGO_TARGET_DIR=$target cargo build --release --quiet -p racelint --bin racelint --example wild_score)
racelint=${RACELINT:-$target/release/racelint}
racelint=$(cd "$(dirname "$racelint")" && pwd)/$(basename "$racelint")
score=$target/release/examples/wild_score

# The throwaway manifest: one exact dependency per crate.
mkdir -p "$work/manifest/src" "$work/findings" "$home"
: >"$work/manifest/src/lib.rs"
{
    printf '[package]\nname = "racelint-wild"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
    printf '[workspace]\n\n[dependencies]\n'
    grep -v '^#' "$crates" | while IFS=$'\t' read -r name version; do
        printf '%s = "=%s"\n' "$name" "$version"
    done
} >"$work/manifest/Cargo.toml.new"
if ! cmp -s "$work/manifest/Cargo.toml.new" "$work/manifest/Cargo.toml"; then
    mv "$work/manifest/Cargo.toml.new" "$work/manifest/Cargo.toml"
    rm -f "$work/manifest/Cargo.lock"
else
    rm -f "$work/manifest/Cargo.toml.new"
fi
echo "fetching $(grep -vc '^#' "$crates") crates into $home..." >&2
(cd "$work/manifest" && CARGO_HOME=$home cargo fetch --quiet)

args=()
while IFS=$'\t' read -r name version; do
    krate=$name-$version
    dir=$(ls -d "$home"/registry/src/*/"$krate" 2>/dev/null | head -n 1)
    if [ -z "$dir" ]; then
        echo "error: $krate was not fetched" >&2
        exit 1
    fi
    edition=$(sed -n 's/^edition *= *"\([0-9]*\)".*/\1/p' "$dir/Cargo.toml" | head -n 1)
    out=$work/findings/$krate.json
    status=0
    (cd "$dir" && "$racelint" --edition "${edition:-2015}" --message-format json src >"$out" 2>"$out.stderr") || status=$?
    # 1 means deny-level findings; anything else is racelint failing.
    if [ "$status" -gt 1 ]; then
        echo "error: racelint exited with $status on $krate:" >&2
        cat "$out.stderr" >&2
        exit 1
    fi
    args+=("$krate" "$dir" "$out")
done < <(grep -v '^#' "$crates")

"$score" "$verdicts" "${args[@]}"
