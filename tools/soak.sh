#!/usr/bin/env bash
# Soak run: FRAMES frames of single_face.mp4 looped, through `fer-edge run --fast` with the embedded broker, a
# mosquitto_sub subscriber on every topic and the JSON-lines sink. Every EVERY seconds it samples the process's
# resident memory, threads and open file descriptors into OUT/samples.csv; at the end it checks the JSON lines.
#
#   tools/soak.sh [--frames 1000000] [--every 10] [--out /tmp/feredge-soak] [--dll PATH/fer-edge.dll]
#
# --dll runs a copy of the binary (so rebuilding the tree meanwhile cannot disturb the run); by default it runs
# tools/fer-edge's build.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
frames=1000000
every=10
out=/tmp/feredge-soak
dll=""
while [ $# -gt 0 ]; do
  case "$1" in
    --frames) frames="$2"; shift 2 ;;
    --every) every="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --dll) dll="$2"; shift 2 ;;
    *) echo "soak: unknown option $1 (--frames N, --every S, --out DIR, --dll PATH)" >&2; exit 2 ;;
  esac
done

clip="${FEREDGE_SHARED:-$root/../shared}/data/videos/single_face.mp4"
[ -f "$clip" ] || { echo "soak: $clip not found" >&2; exit 1; }
mkdir -p "$out"
loop="$out/loop.mp4"
clip_frames=72
repeats=$(( (frames + clip_frames - 1) / clip_frames ))
if [ ! -f "$loop.$repeats" ]; then
  echo "soak: looping the clip $repeats times"
  ffmpeg -v error -y -stream_loop $(( repeats - 1 )) -i "$clip" -an -c copy "$loop"
  touch "$loop.$repeats"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rm -f "$out/soak.jsonl"
if [ -n "$dll" ]; then
  FEREDGE_ROOT="$root" dotnet "$dll" run --source "$loop" --fast --max-frames "$frames" --device-id soak \
    --mqtt-port "$port" --ws-port 0 --http-port 0 --jsonl "$out/soak.jsonl" > "$out/run.log" 2>&1 &
else
  "$root/tools/fer-edge" run --source "$loop" --fast --max-frames "$frames" --device-id soak \
    --mqtt-port "$port" --ws-port 0 --http-port 0 --jsonl "$out/soak.jsonl" > "$out/run.log" 2>&1 &
fi
pid=$!
for _ in $(seq 1 600); do
  grep -q "Embedded MQTT broker" "$out/run.log" 2>/dev/null && break
  sleep 0.1
done
mosquitto_sub -i soak-sub -h 127.0.0.1 -p "$port" -t 'feredge/soak/#' > "$out/received.txt" 2>/dev/null &
sub=$!

echo "seconds,jsonl_lines,rss_mb,threads,fds" > "$out/samples.csv"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2/1024}' "/proc/$pid/status" 2>/dev/null || echo "")
  threads=$(awk '/Threads/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo "")
  fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
  lines=$(wc -l 2>/dev/null < "$out/soak.jsonl" || echo 0)
  [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$lines,$rss,$threads,$fds" >> "$out/samples.csv"
  sleep "$every"
done
wait "$pid" && code=0 || code=$?
kill "$sub" 2>/dev/null || true
wait "$sub" 2>/dev/null || true

lines=$(wc -l < "$out/soak.jsonl")
bad=$(python3 -c 'import json,sys
n=0
for l in open(sys.argv[1]):
    try: json.loads(l)
    except Exception: n+=1
print(n)' "$out/soak.jsonl")
echo "soak: exit $code after $(( $(date +%s) - start )) s; $lines JSON lines ($bad unparsable); $(wc -l < "$out/received.txt") MQTT messages received"
tail -n 2 "$out/run.log"
echo "samples: $out/samples.csv"
