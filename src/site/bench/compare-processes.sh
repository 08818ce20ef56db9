#!/usr/bin/env bash
# ours / TFLite per JVM process: each row runs `compare` K times in separate processes (ITER runs per engine,
# blocks of 10) and prints the mean and standard deviation of the median ratios. One process's ratio moves by
# 2-5 % from one process to the next (where its memory lands), more than the rows differ: this is the figure to
# hold against the <= 1.0x targets. Written to src/site/bench/compare-processes-<date>-<HHMM>-<cpu>.txt.
# Run from the repository root after `mvn -q -Pbench -DskipTests package`, on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=target/mobilenet4j-bench.jar
SHARED="${SHARED:-../shared}"
K="${K:-6}"
ITER="${ITER:-150}"
[ -f "$JAR" ] || { echo "compare-processes.sh: build $JAR first: mvn -q -Pbench -DskipTests package" >&2; exit 2; }
CPU="$(lscpu | awk -F: '/Model name/ {gsub(/^ +| +$/, "", $2); gsub(/[^A-Za-z0-9]+/, "-", $2); print tolower($2); exit}')"
OUT="src/site/bench/compare-processes-$(date -u +%F-%H%M)-${CPU:-cpu}.txt"
row() {
  local label="$1"; shift
  local ratios=""
  for _ in $(seq 1 "$K"); do
    # the second engine's row ends with ours/theirs
    ratios="$ratios $(java -jar "$JAR" compare "$@" --iterations "$ITER" --block 10 2>/dev/null \
        | awk '/^mobilenet|\.tflite/ && $0 !~ /mobilenet4j-xnnpack / {print $NF; exit}')"
  done
  # the median too: one process disturbed by the host (a ratio of 1.3) moves the mean, not the median
  echo "$label $ratios" | awk '{s = 0; n = 0; for (i = 2; i <= NF; i++) {s += $i; n++; r[n] = $i}; m = s / n; v = 0;
      for (i = 2; i <= NF; i++) v += ($i - m) ^ 2;
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (r[j] < r[i]) {t = r[i]; r[i] = r[j]; r[j] = t};
      med = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2;
      printf "%-22s mean %.3f  sd %.3f  median %.3f  (", $1, m, sqrt(v / (n - 1)), med;
      for (i = 2; i <= NF; i++) printf "%s%s", $i, i < NF ? " " : ")\n"}'
}
{
  echo "date: $(date -u '+%F %H:%M UTC'), $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'), $(nproc) CPUs"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -jar "$JAR" --version 2>/dev/null | sed -n 2p || true
  echo "ours / TFLite 2.19 median ratio, one per process, $K processes per row, $ITER runs per engine in blocks of 10"
  q="$SHARED/models/aosp-mlts"
  row v1-float-1t --arch v1 --threads 1 --engines mobilenet4j-xnnpack,tflite-xnnpack
  row v2-float-1t --arch v2 --threads 1 --engines mobilenet4j-xnnpack,tflite-xnnpack
  row v1-float-2t --arch v1 --threads 2 --engines mobilenet4j-xnnpack,tflite-xnnpack
  row v2-float-2t --arch v2 --threads 2 --engines mobilenet4j-xnnpack,tflite-xnnpack
  row v1-int8-1t --arch v1 --threads 1 --int8 --engines mobilenet4j-xnnpack,tflite-xnnpack-q8
  row v2-int8-1t --arch v2 --threads 1 --int8 --engines mobilenet4j-xnnpack,tflite-xnnpack-q8
  row uint8-v1-0.25-128 --threads 1 --model "$q/mobilenet_v1_0.25_128_quant.tflite" --engines mobilenet4j-xnnpack,tflite-xnnpack-q8
  row uint8-v1-0.75-192 --threads 1 --model "$q/mobilenet_v1_0.75_192_quant.tflite" --engines mobilenet4j-xnnpack,tflite-xnnpack-q8
  row uint8-v2 --threads 1 --model "$q/mobilenet_v2_1.0_224_quant.tflite" --engines mobilenet4j-xnnpack,tflite-xnnpack-q8
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
echo "written: $OUT"
