#!/usr/bin/env bash
# Every figure of the README's "XNNPACK 2024 against TFLite 2.19 and ONNX Runtime 1.23" tables in one run
# (about 3-4 minutes on an idle 2-core machine), written to src/site/bench/compare-<date>-<cpu>.txt:
#   float   v1 1.0/224 and v2 1.0/224, 1 and 2 threads: mobilenet4j vs TFLite 2.19 + XNNPACK vs ORT 1.23
#   int8    the same models quantized to int8 per channel (Int8Quantizer), one file for both engines, against
#           TFLite's XNNPACK delegate with its quantized flags (tflite-xnnpack-q8) and against our float run
#   uint8   the real quantized models in ../shared, ours vs TFLite on the same file
#   memory  8 concurrent callers on one v2 1.0/224 uint8 model vs 1 caller (callers-rss)
# Run from the repository root after `./cppbuild.sh` and `mvn -q -Pbench -DskipTests package`, on an idle machine
# (the load average is printed first; the engines are interleaved in each run, so ratios survive some load).
set -euo pipefail
cd "$(dirname "$0")/../../.."
JAR=target/mobilenet4j-bench.jar
SHARED="${SHARED:-../shared}"
[ -f "$JAR" ] || { echo "compare-all.sh: build $JAR first: mvn -q -Pbench -DskipTests package" >&2; exit 2; }
CPU="$(lscpu | awk -F: '/Model name/ {gsub(/^ +| +$/, "", $2); gsub(/[^A-Za-z0-9]+/, "-", $2); print tolower($2); exit}')"
OUT="src/site/bench/compare-$(date -u +%F-%H%M)-${CPU:-cpu}.txt"
ITER="${ITER:-150}"
ROUNDS="${ROUNDS:-5}"
run() {
  echo "== $*"
  java -jar "$JAR" "$@" 2>&1 | grep -v -e '^INFO: Created TensorFlow Lite' -e '^Warning: Versions of org.bytedeco'
}
{
  echo "date: $(date -u '+%F %H:%M UTC'), $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}'), $(nproc) CPUs"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -jar "$JAR" --version 2>/dev/null || true
  echo "median / min ms over $ITER runs after 10 warm-up, --block 10; cpu ms: the calling thread's CPU time"
  echo "(at 1 thread: the whole inference); ours/theirs: first engine's median / this engine's; per round: the lowest"
  echo "and highest of that ratio over $ROUNDS consecutive rounds of the run (how much the host drifted); at 2 threads"
  echo "a pause before each engine's turn lets the previous engine's spinning workers fall asleep (compare --settle-ms)"
  for t in 1 2; do
    for a in v1 v2; do
      run compare --arch "$a" --threads "$t" --iterations "$ITER" --block 10 --rounds "$ROUNDS"
    done
  done
  for t in 1 2; do
    for a in v1 v2; do
      run compare --arch "$a" --threads "$t" --iterations "$ITER" --block 10 --rounds "$ROUNDS" --int8
    done
  done
  models=()
  for m in aosp-mlts/mobilenet_v1_0.25_128_quant aosp-mlts/mobilenet_v1_0.75_192_quant \
      aosp-mlts/mobilenet_v2_1.0_224_quant aosp-mlts/mobilenet_v3-small_224_1.0_uint8 \
      aosp-mlts/mobilenet_v3-large-minimalistic_224_1.0_uint8 coral/tf2_mobilenet_v2_1.0_224_ptq; do
    models+=(--model "$SHARED/models/$m.tflite")
  done
  run compare --threads 1 --iterations "$ITER" --block 10 --rounds "$ROUNDS" "${models[@]}"
  echo "== callers-rss (fixed, pre-touched heap)"
  java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -jar "$JAR" callers-rss \
      --model "$SHARED/models/aosp-mlts/mobilenet_v2_1.0_224_quant.tflite" --callers 8 2>&1 | grep -v '^INFO'
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
echo "written: $OUT" >&2
