#!/usr/bin/env bash
# FerEdge on the board (Debian/Raspberry Pi OS, linux-arm64): installs an uploaded release, switches between
# releases, and removes the service. deploy.sh runs it on the board over ssh, as root; it is also usable by hand:
#
#   board.sh [--dry-run] [--prefix DIR] [--user NAME] [--config FILE] install RELEASE_DIR
#   board.sh [--dry-run] rollback | status | logs [-n N] [-f] | uninstall [--purge]
#   board.sh [--state DIR] user add NAME --role ROLE [--devices IDS] < PASSWORD | user list | user remove NAME
#   board.sh [--state DIR] ca                 prints the device CA certificate (PEM) that clients trust
#
# Layout: PREFIX/releases/<version>/ (one bundle each), PREFIX/current -> releases/<version>, the board's own
# configuration in /etc/fer-edge/fer-edge.json (kept across releases), the unit in /etc/systemd/system, users,
# keys and certificates in the state folder /var/lib/fer-edge (0700, the service user's; never in a bundle).
# --dry-run prints every step and changes nothing.
set -euo pipefail

prefix=/opt/fer-edge
user=feredge
config=/etc/fer-edge/fer-edge.json
unit=/etc/systemd/system/fer-edge.service
state=/var/lib/fer-edge
keep=3
dry=0
dlib_model=/usr/share/dlib/shape_predictor_68_face_landmarks.dat
dlib_sha=fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f
# ffmpeg: the frame source on arm64; libdlib-data: the 68-point landmark model. The rest is what the self-contained
# .NET app and ONNX Runtime link against (present on most images, listed so a minimal image works too).
apt_packages=(ffmpeg libdlib-data libc6 libstdc++6 libgcc-s1 zlib1g ca-certificates)

say() { printf 'board: %s\n' "$*"; }
fail() { printf 'board: error: %s\n' "$*" >&2; exit 1; }
quote() { # words as a reader would type them: plain when safe, else in single quotes
  local w out=""
  for w in "$@"; do
    if [[ "$w" =~ ^[A-Za-z0-9_./:@%+=,-]+$ ]]; then out+=" $w"; else out+=" '${w//\'/\'\\\'\'}'"; fi
  done
  printf '%s' "${out# }"
}
run() { # prints the command; runs it unless --dry-run
  printf '+ %s\n' "$(quote "$@")"
  [ "$dry" -eq 1 ] || "$@"
}
run_sh() { # prints a shell line (pipes, redirections, globs) as it is; runs it with sh -c unless --dry-run
  printf '+ %s\n' "$1"
  [ "$dry" -eq 1 ] || sh -c "$1"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry=1; shift ;;
    --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
    --user) user="${2:?--user needs a name}"; shift 2 ;;
    --config) config="${2:?--config needs a file}"; shift 2 ;;
    --state) state="${2:?--state needs a folder}"; shift 2 ;;
    -*) fail "unknown option '$1'" ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || fail "no command; expected install, rollback, status, logs, uninstall, user or ca"
command="$1"; shift
if [ "$dry" -eq 0 ] && [ "$command" != status ] && [ "$command" != logs ] && [ "$(id -u)" -ne 0 ]; then
  fail "$command needs root (run it with sudo)"
fi

current_release() { readlink "$prefix/current" 2>/dev/null | sed 's#.*/##'; }

activate() { # version: points current at it (atomically) and restarts the service
  say "activating release $1"
  run ln -sfn "releases/$1" "$prefix/current.new"
  run mv -T "$prefix/current.new" "$prefix/current"
  run systemctl restart fer-edge.service
}

install_release() {
  local src="${1:?install needs the uploaded release folder}"
  [ "$dry" -eq 1 ] || [ -f "$src/VERSION" ] || fail "$src is not a FerEdge bundle (no VERSION file)"
  local version
  if [ -f "$src/VERSION" ]; then
    version="$(cat "$src/VERSION")"
  else # dry run before the bundle exists: the upload folder is named after the version
    version="$(basename "$src")"; version="${version#fer-edge-}"
  fi
  local pattern='^[A-Za-z0-9._-]+$'
  [[ "$version" =~ $pattern ]] || fail "bad version '$version' in $src/VERSION"

  say "checking the board"
  local arch; arch="$(uname -m)"
  [ "$dry" -eq 1 ] || [ "$arch" = aarch64 ] || fail "this bundle is linux-arm64; this machine is $arch"

  say "apt packages: ${apt_packages[*]} (only those missing are installed)"
  local missing=()
  for p in "${apt_packages[@]}"; do
    if [ "$dry" -eq 1 ] || ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
  done
  if [ ${#missing[@]} -gt 0 ]; then
    run env DEBIAN_FRONTEND=noninteractive apt-get update -q
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi

  say "checking model files and the bundle against their sha256"
  run_sh "echo '$dlib_sha  $dlib_model' | sha256sum -c --quiet -"
  run_sh "cd '$src' && sha256sum -c --quiet SHA256SUMS"

  say "service user $user (system account, no login, in the video group)"
  if [ "$dry" -eq 1 ] || ! id -u "$user" >/dev/null 2>&1; then
    run useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --groups video "$user"
  else
    run usermod -a -G video "$user"
  fi

  say "state folder $state (0700, the service user's): users, keys and certificates stay on the board"
  run install -d -m 0700 -o "$user" -g "$user" "$state"

  say "installing release $version under $prefix"
  run mkdir -p "$prefix/releases"
  run rm -rf "$prefix/releases/$version"
  run cp -a "$src" "$prefix/releases/$version"
  run chown -R root:root "$prefix/releases/$version"
  run chmod -R go-w "$prefix/releases/$version"

  say "configuration $config (kept when present: the board's own settings survive releases)"
  if [ "$dry" -eq 1 ] || [ ! -f "$config" ]; then
    run install -D -m 0644 "$src/config/fer-edge.json" "$config"
  fi

  say "systemd unit $unit"
  run_sh "sed -e 's#@PREFIX@#$prefix#g' -e 's#@USER@#$user#g' -e 's#@CONFIG@#$config#g' '$src/deploy/fer-edge.service.in' > '$unit'"
  run systemctl daemon-reload
  run systemctl enable fer-edge.service

  # The device CA is made here, on the board, by the release itself; the first start adds the device's own user and
  # an admin (password in $state/admin.password).
  say "device CA in $state (created on the board when missing)"
  as_service "$prefix/releases/$version" ca --out "$state/ca-for-clients.pem"
  activate "$version"

  say "keeping the newest $keep releases and the active one"
  if [ "$dry" -eq 0 ]; then
    local active; active="$(current_release)"
    local old
    while read -r old; do
      [ -n "$old" ] && [ "$old" != "$active" ] && run rm -rf "$prefix/releases/$old"
    done < <(ls -1 "$prefix/releases" | sort -r | tail -n +$((keep + 1)))
  else
    run_sh "ls -1 '$prefix/releases' | sort -r | tail -n +$((keep + 1)) | (cd '$prefix/releases' && xargs -r rm -rf)"
  fi
  say "installed $version; see: deploy.sh status / logs"
}

as_service() { # release args: runs that release's fer-edge as the service user, on the state folder and configuration
  local release="$1"; shift
  run runuser -u "$user" -- env FEREDGE_ROOT="$release" FEREDGE__StateDirectory="$state" "$release/fer-edge" "$@" --config "$config"
}

users() { # user add|list|remove ...: fer-edge user as the service user; add reads the password from standard input
  [ "$dry" -eq 1 ] || [ -x "$prefix/current/fer-edge" ] || fail "no active release under $prefix: install one first"
  local sub="${1:-}"
  case "$sub" in
    add)
      [ $# -ge 2 ] || fail "user add needs a NAME, --role ROLE and the password on standard input"
      local secret line
      if [ "$dry" -eq 1 ]; then
        secret="$state/.password.XXXXXX"
      else
        # A file only the service user reads, in its own 0700 folder, removed whatever happens.
        secret="$(runuser -u "$user" -- mktemp -p "$state" .password.XXXXXX)"
        # shellcheck disable=SC2064 # expanded now: the local is gone when the trap runs
        trap "rm -f $(quote "$secret")" EXIT
        IFS= read -r line || [ -n "$line" ] || fail "user add: no password on standard input"
        printf '%s\n' "$line" > "$secret"
      fi
      as_service "$prefix/current" user "$@" --password-file "$secret"
      ;;
    list|remove) as_service "$prefix/current" user "$@" ;;
    *) fail "user: expected add, list or remove, got '${sub}'" ;;
  esac
}

print_ca() { # the device CA certificate on standard output, and nothing else there
  [ "$dry" -eq 1 ] || [ -x "$prefix/current/fer-edge" ] || fail "no active release under $prefix: install one first"
  as_service "$prefix/current" ca --out "$state/ca-for-clients.pem" >&2
  [ "$dry" -eq 1 ] || cat "$state/ca-for-clients.pem"
}

rollback() {
  local active previous
  if [ "$dry" -eq 1 ]; then
    active="<current>"; previous="<the release before it>"
  else
    active="$(current_release)"
    [ -n "$active" ] || fail "no active release under $prefix"
    # Release names start with a UTC time stamp: the previous release is the newest one older than the active one.
    previous="$(ls -1 "$prefix/releases" | sort | awk -v a="$active" '$0 < a' | tail -n 1)"
    [ -n "$previous" ] || fail "no release older than $active under $prefix/releases to roll back to"
  fi
  say "rolling back from $active to $previous"
  activate "$previous"
}

case "$command" in
  install) install_release "$@" ;;
  rollback) rollback ;;
  status)
    say "active release: $( [ "$dry" -eq 1 ] && echo '<current>' || current_release )"
    [ "$dry" -eq 1 ] || ls -1 "$prefix/releases" 2>/dev/null | sed 's/^/board: release /' || true
    run systemctl --no-pager status fer-edge.service || true
    ;;
  logs)
    run journalctl --no-pager -u fer-edge.service "$@"
    ;;
  uninstall)
    purge=0; [ "${1:-}" = --purge ] && purge=1
    say "stopping and removing the service and $prefix"
    run systemctl disable --now fer-edge.service || say "the unit was not enabled"
    run rm -f "$unit"
    run systemctl daemon-reload
    run rm -rf "$prefix"
    if [ "$purge" -eq 1 ]; then
      say "purging the configuration $config, state, logs and the user $user"
      run rm -f "$config"
      run rmdir --ignore-fail-on-non-empty "$(dirname "$config")"
      run rm -rf /var/lib/fer-edge /var/log/fer-edge
      run userdel "$user"
    else
      say "kept $config and the user $user (uninstall --purge removes them)"
    fi
    ;;
  user) users "$@" ;;
  ca) [ $# -eq 0 ] || fail "ca takes no arguments"; print_ca ;;
  *) fail "unknown command '$command'; expected install, rollback, status, logs, uninstall, user or ca" ;;
esac
