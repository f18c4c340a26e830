#!/usr/bin/env bash
# Prove that the requirements resolve to wheels on every platform and Python we support,
# installing nothing: one `pip install --dry-run --only-binary=:all:` per pair. Needs only
# the package index (reached through the machine's usual pip configuration).
#
# pip checks wheel tags against --platform/--python-version but evaluates environment
# markers (sys_platform, platform_machine, python_version) against the machine it runs on,
# so requirements.txt's per-platform TensorFlow lines would always pick this machine's.
# Each run therefore goes through a few lines of Python that give the markers the target's
# values, for our requirements and for every dependency's alike.
#
# Usage: .ci/check_requirements.sh [requirements file ...]    (default: requirements.txt)
# CHECK_PYTHONS="3.11 3.12 3.13" picks the Python versions.
set -euo pipefail
cd "$(dirname "$0")/.."

read -r -a PYTHONS <<< "${CHECK_PYTHONS:-3.11 3.12 3.13}"
FILES=("$@")
[ ${#FILES[@]} -gt 0 ] || FILES=(requirements.txt)
PLATFORMS=(linux-x86_64 windows-x86_64 macos-arm64 linux-aarch64)

# Wheel tags each platform accepts: pip does not widen --platform, so list every one.
wheel_tags() {
  case "$1" in
    linux-x86_64)   for t in manylinux2014 manylinux_2_17 manylinux_2_27 manylinux_2_28; do echo "${t}_x86_64"; done ;;
    linux-aarch64)  for t in manylinux2014 manylinux_2_17 manylinux_2_27 manylinux_2_28; do echo "${t}_aarch64"; done ;;
    windows-x86_64) echo win_amd64 ;;
    macos-arm64)    for v in 11 12 13 14; do echo "macosx_${v}_0_arm64"; done ;;
  esac
}

# The PEP 508 marker values a real interpreter on that platform reports.
marker_values() {
  case "$1" in
    linux-x86_64)   echo "sys_platform=linux platform_system=Linux platform_machine=x86_64 os_name=posix" ;;
    linux-aarch64)  echo "sys_platform=linux platform_system=Linux platform_machine=aarch64 os_name=posix" ;;
    windows-x86_64) echo "sys_platform=win32 platform_system=Windows platform_machine=AMD64 os_name=nt" ;;
    macos-arm64)    echo "sys_platform=darwin platform_system=Darwin platform_machine=arm64 os_name=posix" ;;
  esac
}

# pip with the target's marker values: markers call packaging's default_environment() each time.
pip_as_target() {
  local markers="$1"; shift
  python - "$markers" "$@" <<'PY'
import sys
from pip._vendor.packaging import markers

target = dict(pair.split("=", 1) for pair in sys.argv[1].split())
host_environment = markers.default_environment


def target_environment():
    return {**host_environment(), **target}


markers.default_environment = target_environment
from pip._internal.cli.main import main  # noqa: E402 (after the patch, like pip's own imports)

sys.exit(main(sys.argv[2:]))
PY
}

# Resolve one file for one platform and Python; print what it would install, or why not.
check_one() {
  local file="$1" platform="$2" py="$3" target log args=() tag started
  target=$(mktemp -d) log=$(mktemp)
  for tag in $(wheel_tags "$platform"); do args+=(--platform "$tag"); done
  started=$SECONDS
  if pip_as_target "$(marker_values "$platform") python_version=$py python_full_version=$py.0 implementation_version=$py.0" \
      install --dry-run --ignore-installed --only-binary=:all: "${args[@]}" \
      --python-version "$py" --implementation cp --target "$target" -r "$file" >"$log" 2>&1; then
    printf 'ok    %-16s %-15s py%-5s %3ss  %s\n' "$file" "$platform" "$py" "$((SECONDS - started))" \
      "$(grep '^Would install' "$log" | tr ' ' '\n' | grep -E '^(tensorflow(_cpu|-cpu)?|keras|numpy|onnx|onnxruntime)-[0-9]' | tr '\n' ' ')"
    rm -rf "$target" "$log"
  else
    printf 'FAIL  %-16s %-15s py%-5s %3ss\n' "$file" "$platform" "$py" "$((SECONDS - started))"
    grep -v "^WARNING: Location" "$log" | tail -n 15 | sed 's/^/      /'
    rm -rf "$target" "$log"
    return 1
  fi
}

failures=0
for file in "${FILES[@]}"; do
  for platform in "${PLATFORMS[@]}"; do
    for py in "${PYTHONS[@]}"; do
      check_one "$file" "$platform" "$py" || failures=$((failures + 1))
    done
  done
done
echo "requirements check: $failures failure(s), ${SECONDS}s"
[ "$failures" -eq 0 ]
