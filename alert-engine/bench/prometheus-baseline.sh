#!/usr/bin/env bash
# Baseline for EngineBenchmark: Debian's Prometheus scraping the same series every second with the
# same default rules loaded. Prints samples appended per second, CPU per million samples and heap per
# series from Prometheus's own metrics. Usage: bench/prometheus-baseline.sh [series] [seconds]
set -euo pipefail
series=${1:-100000}
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
python3 "$here/series_exporter.py" 19101 "$series" &
cat > "$work/prometheus.yml" <<YAML
global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 15s}
rule_files: ["$here/../src/main/resources/rules/default-rules.yml"]
scrape_configs:
  - job_name: bench
    static_configs: [{targets: ["127.0.0.1:19101"]}]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" --web.listen-address=127.0.0.1:19090 \
  --log.level=warn > "$work/prometheus.log" 2>&1 &
# Prometheus's own metrics, read from its /metrics (summed over label sets such as type="float").
metric() { curl -s http://127.0.0.1:19090/metrics | awk -v m="$1" '$1 == m || index($1, m "{") == 1 {sum += $2} END {printf "%.0f", sum}'; }
sleep 15
cpu0=$(curl -s http://127.0.0.1:19090/metrics | awk '$1 == "process_cpu_seconds_total" {print $2}'); samples0=$(metric prometheus_tsdb_head_samples_appended_total)
sleep "$seconds"
cpu1=$(curl -s http://127.0.0.1:19090/metrics | awk '$1 == "process_cpu_seconds_total" {print $2}'); samples1=$(metric prometheus_tsdb_head_samples_appended_total)
heap=$(metric go_memstats_heap_inuse_bytes); head_series=$(metric prometheus_tsdb_head_series)
python3 - "$cpu0" "$cpu1" "$samples0" "$samples1" "$seconds" "$heap" "$head_series" <<'PY'
import sys
cpu0, cpu1, s0, s1, secs, heap, series = map(float, sys.argv[1:])
samples = s1 - s0
print(f"prometheus: series={series:.0f} samples/s={samples/secs:.0f} cpu-seconds per 1M samples={(cpu1-cpu0)/samples*1e6:.2f} heap in use per series={heap/series:.0f} B")
PY
