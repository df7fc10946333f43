#!/usr/bin/env bash
# Save to reload, side by side: `backguide serve` and `hugo server` (fast render mode, Hugo's
# default) on the same synthetic guide, one open page in headless Chromium, timed by
# tests/browser/serve_latency.mjs for a body edit (a paragraph added) and a title edit (the
# front matter's `title:`) of the guide's first topic. The figures in docs/benchmarks.md,
# "Serve: save to reload".
#
#   bench/serve.sh                   # N = 10000, both tools, both edits, 9 rounds each
#   bench/serve.sh 1000 10000        # only the sizes given
#   ROUNDS=5 TOOLS=hugo bench/serve.sh 10000
#   EDITS=body bench/serve.sh        # only one kind of edit
#
# BACKGUIDE=path and XTASK=path use those binaries instead of building them (release) here.
# Needs hugo (apt-get install -y hugo), node, jq, Chromium (/usr/bin/chromium, or CHROMIUM=path)
# and the browser tests' packages (npm ci --prefix tests/browser --no-audit --no-fund
# --ignore-scripts). The guides and the copies the servers watch are on tmpfs (/dev/shm), as in
# bench/run.sh, so that a busy shared disk does not decide the result; BENCH_DIR overrides it.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=${BENCH_DIR:-/dev/shm/backguide-bench}
rounds=${ROUNDS:-9}
read -r -a tools <<< "${TOOLS:-backguide hugo}"
read -r -a edits <<< "${EDITS:-body title}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)

for tool in "${tools[@]}"; do
  case $tool in backguide | hugo) ;; *) echo "bench/serve.sh: TOOLS has $tool; it takes backguide and hugo" >&2; exit 2 ;; esac
done
for edit in "${edits[@]}"; do
  case $edit in body | title) ;; *) echo "bench/serve.sh: EDITS has $edit; it takes body and title" >&2; exit 2 ;; esac
done
for cmd in node jq hugo "${CHROMIUM:-/usr/bin/chromium}"; do
  command -v "$cmd" >/dev/null || { echo "bench/serve.sh: $cmd is not installed" >&2; exit 2; }
done
[ -d tests/browser/node_modules/playwright-core ] || {
  echo "bench/serve.sh: run npm ci --prefix tests/browser --no-audit --no-fund --ignore-scripts" >&2
  exit 2
}

if [ -z "${BACKGUIDE:-}" ] || [ -z "${XTASK:-}" ]; then
  cargo build --release --quiet -p backguide -p xtask --bin backguide --bin xtask
fi
bg=${BACKGUIDE:-$repo/target/release/backguide}
xtask=${XTASK:-$repo/target/release/xtask}
mkdir -p "$work/results"
results=$work/results

{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src templates xtask || echo ' (with uncommitted changes)')"
  echo "backguide: $bg"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GB"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "hugo: $(hugo version)"
  echo "node: $(node --version)"
  echo "chromium: $("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null || echo unknown)"
  echo "rounds: $rounds; tools: ${tools[*]}; edits: ${edits[*]}; sizes: ${sizes[*]}"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/serve-machine.txt"

for n in "${sizes[@]}"; do
  echo
  echo "== N = $n"
  dir=$work/n$n
  "$xtask" synth "$n" "$dir"
  for edit in "${edits[@]}"; do
    for tool in "${tools[@]}"; do
      name=serve-$tool-$edit-n$n
      echo "-- $tool, $edit edits"
      if [ "$tool" = hugo ]; then binary=hugo; else binary=$bg; fi
      # Each run serves its own copy of DIR/<tool> (the script copies it) and deletes it after.
      TOOL=$tool GUIDE=$dir/$tool EDIT=$edit JSON=$results/$name.json \
        node tests/browser/serve_latency.mjs "$binary" "$rounds" | tee "$results/$name.txt"
    done
  done
done

# The table: what the reader waits for (save to the new text in the page), and the reload
# signal (the server's reload message reaching a client) inside it.
echo
echo "| guide | tool | edit | rounds | save → new text shown, median | p90 | reload signal, median | reloaded page's load event, median | rebuild, median | peak RSS |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for n in "${sizes[@]}"; do
  for edit in "${edits[@]}"; do
    for tool in "${tools[@]}"; do
      jq -r --arg n "$n" '
        def ms: if . == null then "–" else "\(. | round) ms" end;
        "| N = \($n) | \(.tool) | \(.edit) | \(.rounds | length) | \(.shown.median | ms) | \(.shown.p90 | ms) | \(.signal.median | ms) | \(.load.median | ms) | \(.rebuild.median | ms) | \(.peakRssMb | round) MB |"
      ' "$results/serve-$tool-$edit-n$n.json"
    done
  done
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
