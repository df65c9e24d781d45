#!/usr/bin/env bash
# GPU check of the HF LoRA path, for a CUDA host with the working tree and no internet. UNTESTED ON A GPU so far.
#
#   bash scripts/gpu-check.sh            (HPSEARCH_PYTHON=/path/to/python, WHEELHOUSE=dir of wheels, TEMPORAL_CLI_PATH optional)
#
# 1. the venv: HPSEARCH_PYTHON if set, else the cached one npm test uses, else created from WHEELHOUSE
#    (pip download -r examples/hf-lora/requirements.txt -r python/requirements-test.txt -d WHEELHOUSE, on a
#    machine with the index) or from the index;
# 2. a ~100M-parameter Phi model built from a config (examples/hf-lora/build_tiny_model.py), offline;
# 3. one QLoRA + paged_adamw_32bit + fp16 trial of examples/hf-lora/train.py through the service (`hpsearch
#    start`, embedded Temporal and PGlite, one trial worker slot per visible GPU), with its GPU seconds,
#    peak GPU memory and device;
# 4. the nsmc trainer's evaluation with onnxruntime-node's CUDA execution provider, when node_modules has
#    the CUDA build (ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node), with the provider that ran.
set -euo pipefail
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PYTHONDONTWRITEBYTECODE=1

command -v nvidia-smi >/dev/null || { echo "gpu-check: no nvidia-smi: this is no CUDA host" >&2; exit 2; }
nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv,noheader
GPUS=$(nvidia-smi --query-gpu=index --format=csv,noheader | wc -l)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hpsearch-gpu-check-XXXXXX")
PORT=${PORT:-18080}
cleanup() {
  [ -n "${SERVICE_PID:-}" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null
  [ -n "${MONITOR_PID:-}" ] && kill "$MONITOR_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== Python venv"
if [ -z "${HPSEARCH_PYTHON:-}" ]; then
  VENV=$(node --input-type=module -e "const { venvDir, venvs } = await import('./scripts/python-venvs.mjs'); console.log(venvDir(venvs.python))")
  if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
    source_args=()
    [ -n "${WHEELHOUSE:-}" ] && source_args=(--no-index --find-links "$WHEELHOUSE")
    start=$(date +%s)
    "$VENV/bin/pip" install --quiet "${source_args[@]}" -r examples/hf-lora/requirements.txt -r python/requirements-test.txt
    echo "venv installed in $(( $(date +%s) - start )) s: $(du -sh "$VENV" | cut -f1)"
  fi
  "$VENV/bin/pip" install --quiet --no-deps --no-build-isolation --force-reinstall ./python
  HPSEARCH_PYTHON="$VENV/bin/python"
fi
"$HPSEARCH_PYTHON" -c "import torch, bitsandbytes; assert torch.cuda.is_available(), 'torch sees no CUDA device'; print('torch', torch.__version__, 'CUDA', torch.version.cuda, 'bitsandbytes', bitsandbytes.__version__)"

echo "== a ~100M-parameter Phi model from a config"
"$HPSEARCH_PYTHON" examples/hf-lora/build_tiny_model.py "$WORK/phi-100m" --vocab-size 8000 --hidden-size 768 --layers 12 --heads 12

echo "== one QLoRA trial through the service"
cat > "$WORK/trainers.yaml" <<YAML
trainers:
  - name: nsmc-lora-gpu-check
    command: [$HPSEARCH_PYTHON, examples/hf-lora/train.py, --model-path, $WORK/phi-100m, --train, data/nsmc/train.tsv, --test, data/nsmc/test.tsv,
              --max-train-samples, '2000', --max-eval-samples, '200', --max-test-samples, '1000']
    env: { HF_HUB_OFFLINE: '1' }
    parameters:
      learning_rate: { stage: train }
      num_train_epochs: { stage: train }
      optim: { stage: train }
      fp16: { stage: train }
      max_length: { stage: train }
      temperature: { stage: eval }
      top_p: { stage: eval }
    metrics: [eval_accuracy, greedy_accuracy, eval_invalid, eval_loss, on_gpu, eval_on_gpu]
    killGraceMs: 60000
YAML
nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 > "$WORK/gpu-memory.log" &
MONITOR_PID=$!
DATA_DIR="$WORK/data" PORT=$PORT TRAINERS_FILE="$WORK/trainers.yaml" WORKER_CONCURRENCY="$GPUS" TEMPORAL_UI_PORT=0 \
  node bin/hpsearch.js start > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { tail -40 "$WORK/service.log" >&2; exit 1; }
SEARCH=$(curl -sf -X POST "http://127.0.0.1:$PORT/v1/searches" -H 'content-type: application/json' --data-binary @- <<'JSON' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).id))'
{"name": "gpu check", "objective": {"metric": "eval_accuracy", "goal": "maximize"}, "algorithm": "grid",
 "trainer": {"name": "nsmc-lora-gpu-check"},
 "space": {"learning_rate": {"type": "float", "values": [0.0002]}},
 "fixed": {"num_train_epochs": 1, "optim": "paged_adamw_32bit", "fp16": 1, "max_length": 128, "temperature": 0.7, "top_p": 0.9}}
JSON
)
for _ in $(seq 1 540); do
  STATUS=$(curl -sf "http://127.0.0.1:$PORT/v1/searches/$SEARCH" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).status))')
  case "$STATUS" in succeeded|failed|cancelled|interrupted) break ;; esac
  sleep 2
done
kill "$MONITOR_PID" 2>/dev/null; MONITOR_PID=
curl -sf "http://127.0.0.1:$PORT/v1/searches/$SEARCH/trials" | node -e '
let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
  for (const t of JSON.parse(s).items) {
    const seconds = (Date.parse(t.finishedAt) - Date.parse(t.startedAt)) / 1000;
    console.log(`trial ${t.ordinal}: ${t.status}, ${seconds.toFixed(1)} GPU seconds, metrics ${JSON.stringify(t.metrics)}${t.error ? `, error ${t.error}` : ""}`);
  }
});'
echo "peak GPU memory: $(sort -n "$WORK/gpu-memory.log" | tail -1) MiB (all processes on the GPU)"
echo "search $SEARCH: $STATUS"

echo "== nsmc trainer: onnxruntime-node execution providers"
if ls node_modules/onnxruntime-node/bin/napi-v*/linux/x64/libonnxruntime_providers_cuda.so >/dev/null 2>&1 \
   || ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node >/dev/null 2>&1; then
  npx tsx bench/nsmc-trial.ts | tee "$WORK/nsmc.log"
  echo "onnxruntime-node CUDA provider library present; eval_on_gpu in the rows above says which provider ran"
else
  echo "onnxruntime-node has no CUDA provider here and npm could not fetch it: nsmc evaluation runs on the CPU provider only"
fi
[ "$STATUS" = succeeded ]
