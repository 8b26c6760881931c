#!/usr/bin/env bash
# Runs every fuzz target for a bounded time.
#
#   crate/core/fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Defaults: 60 seconds each, all targets. Installs cargo-fuzz if missing.
# libFuzzer needs nightly-only sanitizer flags; on a stable toolchain
# RUSTC_BOOTSTRAP=1 unlocks them. New inputs go to a scratch directory, so the
# checked-in corpus (replayed by `cargo test`) only changes by hand: copy a
# crash from crate/core/fuzz/artifacts/<target>/ into crate/core/fuzz/corpus/<target>/
# once it is fixed.
set -euo pipefail

seconds="${1:-60}"
shift || true
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

export RUSTC_BOOTSTRAP=1
for target in "${targets[@]}"; do
  echo "== fuzzing $target for ${seconds}s"
  mkdir -p "$scratch/$target"
  # The scratch directory comes first: libFuzzer writes new inputs there and
  # only reads the checked-in corpus.
  if ! cargo fuzz run "$target" "$scratch/$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1; then
    # A crash becomes a corpus file, so `cargo test` replays it from now on
    # (and fails until it is fixed); commit it with the fix.
    for crash in fuzz/artifacts/"$target"/*; do
      [ -f "$crash" ] || continue
      cp "$crash" "fuzz/corpus/$target/"
      echo "== $target crashed; the input is now fuzz/corpus/$target/$(basename "$crash")" >&2
    done
    exit 1
  fi
done
echo "== no crash in ${#targets[@]} target(s)"
