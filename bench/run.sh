#!/usr/bin/env bash
# Reproduces the figures in docs/benchmarks.md: backguide, Hugo and mdBook building the same
# synthetic guide, side by side in one hyperfine run per size, plus peak memory.
#
#   bench/run.sh              # the real guide, then N = 31 (the real guide's size), 1000, 10000
#   bench/run.sh 1000         # only the sizes given
#   RUNS=10 bench/run.sh      # more runs per command (default 5)
#
# mdBook's build time grows with the square of the number of chapters (about 2 s at N = 1,000,
# 5 minutes at N = 10,000 here), so above MDBOOK_FULL chapters (default 1000) it is timed by a
# single run, in the same hyperfine invocation, after the others.
#
# Needs hyperfine and hugo (apt-get install -y hyperfine hugo), optionally mdbook (cargo install mdbook
# --locked), GNU time (apt-get install -y time) and jq. Inputs and outputs go to tmpfs
# (/dev/shm) so that a busy shared disk does not decide the result; BENCH_DIR overrides it.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=${BENCH_DIR:-/dev/shm/backguide-bench}
runs=${RUNS:-5}
mdbook_full=${MDBOOK_FULL:-1000}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(31 1000 10000)

for tool in hyperfine hugo jq /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is not installed" >&2; exit 2; }
done
# mdBook takes 2 minutes to install and 5 to build N = 10,000: without it (or with MDBOOK=0) its
# rows are left out, and the table says so.
mdbook_on=1
if [ "${MDBOOK:-1}" = 0 ] || ! command -v mdbook >/dev/null; then
  mdbook_on=0
  echo "bench/run.sh: mdbook left out (not installed, or MDBOOK=0); cargo install mdbook --locked adds it" >&2
fi

# The synthetic guide comes from the xtask workspace member (`cargo xtask synth N DIR`).
cargo build --release --quiet -p backguide -p xtask --bin backguide --bin xtask
bg=$repo/target/release/backguide
xtask=$repo/target/release/xtask
mkdir -p "$work/results"
results=$work/results

{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src templates xtask || echo ' (with uncommitted changes)')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GB"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "rustc: $(rustc --version)"
  echo "hugo: $(hugo version)"
  if [ "$mdbook_on" = 1 ]; then echo "mdbook: $(mdbook --version)"; else echo "mdbook: left out"; fi
  echo "hyperfine: $(hyperfine --version)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt"

# Peak resident memory in MB of one run of a command (after the timed runs, outputs removed).
peak_mb() {
  /usr/bin/time -f '%M' -o "$results/time.tmp" "$@" >/dev/null 2>&1
  awk '{printf "%.0f", $1 / 1024}' "$results/time.tmp"
}

# The real guide, built by backguide alone: Hugo and mdBook cannot read its content model, so
# they are compared on a synthetic guide of the same size (N = 31) below.
echo
echo "== the real guide"
hyperfine --warmup 1 --runs "$runs" --style basic \
  --prepare "rm -rf $work/real-out" \
  --export-json "$results/real.json" \
  -n backguide "$bg build --root $repo --out $work/real-out"
rm -rf "$work/real-out"
echo "real backguide $(peak_mb "$bg" build --root "$repo" --out "$work/real-out")" > "$results/real.rss"

for n in "${sizes[@]}"; do
  echo
  echo "== N = $n"
  dir=$work/n$n
  "$xtask" synth "$n" "$dir"
  outs="$dir/out-backguide $dir/out-hugo $dir/out-mdbook"
  mdbook_cmd="mdbook build $dir/mdbook --dest-dir $dir/out-mdbook"
  if [ "$mdbook_on" = 0 ]; then
    hyperfine --warmup 1 --runs "$runs" --style basic \
      --prepare "rm -rf $outs" \
      --export-json "$results/n$n.json" \
      -n backguide "$bg build --root $dir/backguide --out $dir/out-backguide" \
      -n hugo "hugo --quiet --source $dir/hugo --destination $dir/out-hugo"
  elif [ "$n" -le "$mdbook_full" ]; then
    hyperfine --warmup 1 --runs "$runs" --style basic \
      --prepare "rm -rf $outs" \
      --export-json "$results/n$n.json" \
      -n backguide "$bg build --root $dir/backguide --out $dir/out-backguide" \
      -n hugo "hugo --quiet --source $dir/hugo --destination $dir/out-hugo" \
      -n mdbook "$mdbook_cmd"
  else
    hyperfine --warmup 1 --runs "$runs" --style basic \
      --prepare "rm -rf $outs" \
      --export-json "$results/n$n.bh.json" \
      -n backguide "$bg build --root $dir/backguide --out $dir/out-backguide" \
      -n hugo "hugo --quiet --source $dir/hugo --destination $dir/out-hugo"
    hyperfine --runs 1 --style basic --prepare "rm -rf $outs" \
      --export-json "$results/n$n.m.json" -n mdbook "$mdbook_cmd"
    jq -s '{results: [.[].results[]]}' "$results/n$n.bh.json" "$results/n$n.m.json" \
      > "$results/n$n.json"
  fi
  rm -rf $outs
  {
    echo "$n backguide $(peak_mb "$bg" build --root "$dir/backguide" --out "$dir/out-backguide")"
    echo "$n hugo $(peak_mb hugo --quiet --source "$dir/hugo" --destination "$dir/out-hugo")"
    if [ "$mdbook_on" = 1 ]; then
      echo "$n mdbook $(peak_mb mdbook build "$dir/mdbook" --dest-dir "$dir/out-mdbook")"
    fi
  } > "$results/n$n.rss"
  rm -rf $outs
done

# The table: median seconds, each tool's time as a multiple of backguide's, peak memory.
echo
echo "| guide | tool | median | runs | × backguide | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- |"
row() { # label json rss
  local base
  base=$(jq '.results[] | select(.command == "backguide") | .median' "$2")
  jq -r '.results[] | "\(.command) \(.median) \(.times | length)"' "$2" |
  while read -r tool median count; do
    rss=$(awk -v t="$tool" '$2 == t {print $3}' "$3")
    awk -v l="$1" -v t="$tool" -v m="$median" -v c="$count" -v b="$base" -v r="$rss" \
      'BEGIN { printf "| %s | %s | %.3f s | %d | %.2f | %s MB |\n", l, t, m, c, m / b, r }'
  done
}
row "real guide" "$results/real.json" "$results/real.rss"
for n in "${sizes[@]}"; do
  row "N = $n" "$results/n$n.json" "$results/n$n.rss"
done

if [ -f "$results/n1000.json" ] && [ -f "$results/n10000.json" ]; then
  echo
  echo "Growth from N = 1,000 to N = 10,000 (10× the pages; linear is about 10×):"
  tools=(backguide hugo)
  [ "$mdbook_on" = 1 ] && tools+=(mdbook)
  for tool in "${tools[@]}"; do
    a=$(jq --arg t "$tool" '.results[] | select(.command == $t) | .median' "$results/n1000.json")
    b=$(jq --arg t "$tool" '.results[] | select(.command == $t) | .median' "$results/n10000.json")
    awk -v t="$tool" -v a="$a" -v b="$b" 'BEGIN { printf "  %s: %.1f×\n", t, b / a }'
  done
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
