"""Serves the benchmark's series in Prometheus text format, the same names and labels EngineBenchmark
pushes, with new values on every scrape. Usage: python3 series_exporter.py <port> <series>."""
import http.server
import random
import sys

METRICS = ["cdc_source_emit_event_time_lag_milliseconds", "cdc_source_fetch_event_time_lag_milliseconds",
           "cdc_source_idle_time_milliseconds", "cdc_debezium_connected", "cdc_debezium_disconnects_total",
           "cdc_debezium_queue_remaining_capacity", "cdc_debezium_queue_total_capacity",
           "flink_sink_record_send_errors_total", "flink_operator_records_out_total", "flink_job_uptime_milliseconds"]
PER_REPORTER = 5000

port, series = int(sys.argv[1]), int(sys.argv[2])
prefixes = []
for i in range(series):
    reporter = i // PER_REPORTER
    prefixes.append('%s{job="job-%d",host="tm-%d",task="Source: mysql-cdc",operator="Source:_mysql-cdc",subtask="%d"} '
                    % (METRICS[i % len(METRICS)], i // 2000, reporter, i // len(METRICS)))


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        offset = random.randint(0, 96)
        body = "".join(p + str((i + offset) % 97) + "\n" for i, p in enumerate(prefixes)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
