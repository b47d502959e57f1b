# batch-10, sourced by bench/render/run (uses its $work, floor, timeline and median).
# Ten reel-5 videos through a running server against ten floor commands nproc at a time. Prints
# the case line and the job path's steps, and sets batch_ratio ("batch-10 ratio=<R>"). Not run in a
# subshell: the server it starts is $server, which run's exit trap stops.
BATCH=10
PORT=${PORT:-18095}
KEY=rf_bench_batch_key
base="http://127.0.0.1:$PORT"

ms() { date +%s%3N; }
# User + system CPU seconds of a process and every child it has waited for (FFmpeg included).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); printf "%.3f", ($12 + $13 + $14 + $15) / hz}' "/proc/$1/stat"; }

batch_floor() { # -> "wall cpu" of ten floor commands, nproc at a time
  local start TIMEFORMAT='%R %U %S'
  { time {
      for i in $(seq "$BATCH"); do
        while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n; done
        floor reel-5 "$work/batch-floor-$i.mp4" &
      done
      wait
    } >/dev/null 2>&3; } 3>&2 2>"$work/time"
  awk '{printf "%.3f %.3f", $1, $2 + $3}' "$work/time"
}

batch_start_server() {
  local env=(REELFORGE_API_KEY=$KEY Logging__LogLevel__Default=Warning RateLimits__ReadsPerMinute=0 RateLimits__CreatesPerMinute=0)
  [ -n "${CONCURRENCY:-}" ] && env+=(Workers__Concurrency="$CONCURRENCY")
  if [ "${TRACE:-}" = 1 ]; then
    # Every FFmpeg and ffprobe run, timed by kind: "start-ms end-ms kind" lines in $work/trace.
    for tool in ffmpeg ffprobe; do
      cat >"$work/trace-$tool" <<SH
#!/bin/sh
s=\$(date +%s%3N)
cpu=\$(mktemp)
/usr/bin/time -f '%U %S' -o "\$cpu" $(command -v $tool) "\$@"; rc=\$?
case "$tool \$*" in ffprobe*) k=probe;; *thumbnail.webp*) k=stills;; *concat*) k=concat;; *-progress*) k=scene;; *) k=other;; esac
echo "\$s \$(date +%s%3N) \$k \$(tail -1 "\$cpu")" >>"$work/trace"
rm -f "\$cpu"
exit \$rc
SH
      chmod +x "$work/trace-$tool"
    done
    env+=(Render__FfmpegPath="$work/trace-ffmpeg" Render__FfprobePath="$work/trace-ffprobe")
  fi
  env "${env[@]}" dotnet "$work/rf/reelforge.dll" serve --urls "$base" --data "$work/data" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf "$base/healthz" >/dev/null || { echo "server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
}

batch_reelforge() { # run [count] -> "wall cpu" of count (ten) videos submitted at once, until all are completed
  local body="{\"timeline\":$(cat "$work/reel-5.json")}" ids=() start cpu0 id s BATCH=${2:-$BATCH}
  : >"$work/trace"
  cpu0=$(cpu_of "$server")
  start=$(ms)
  for i in $(seq "$BATCH"); do
    curl -s --max-time 30 "$base/v1/videos" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
      -d "$body" -o "$work/batch-$1-$i.json" &
  done
  wait # the curls: this runs in a subshell, whose only children they are
  for i in $(seq "$BATCH"); do ids+=("$(grep -o '"id":"video_[^"]*"' "$work/batch-$1-$i.json" | head -1 | cut -d'"' -f4)"); done
  [ "${#ids[@]}" -eq "$BATCH" ] || { echo "batch-10: a create was refused: $(cat "$work"/batch-"$1"-*.json)" >&2; exit 1; }
  for id in "${ids[@]}"; do
    for _ in $(seq 3000); do
      s=$(curl -s --max-time 10 "$base/v1/videos/$id" -H "Authorization: Bearer $KEY" | grep -o '"status":"[^"]*"' | head -1 | cut -d'"' -f4)
      [ "$s" = completed ] || [ "$s" = failed ] && break
      sleep 0.2 # the batch's end comes from job_events, not from when a poll saw it
    done
    [ "$s" = completed ] || { echo "batch-10: $id ended $s" >&2; exit 1; }
  done
  # The batch ends with its last completion, as the engine stored it (no poll interval in it).
  local done_ms
  done_ms=$(sqlite3 "$work/data/reelforge.db" "SELECT MAX(created_at) FROM job_events WHERE type = 'completed' AND job_id IN ($(printf "'%s'," "${ids[@]}" | sed 's/,$//'))")
  printf '%s\n' "${ids[@]}" >"$work/batch-ids-$1"
  awk -v s="$start" -v e="$done_ms" -v c0="$cpu0" -v c1="$(cpu_of "$server")" 'BEGIN {printf "%.3f %.3f", (e - s) / 1000, c1 - c0}'
}

# The job path's mean milliseconds per step over one run's jobs, from job_events: waiting in the
# queue (created to claimed), planning (claimed to generating_media), scenes (to media_ready) and
# export (exporting to completed: join, stills, probe, storing the outputs).
batch_steps() { # run
  sqlite3 "$work/data/reelforge.db" "
    WITH t AS (SELECT job_id,
        MIN(CASE WHEN type = 'created' THEN created_at END) AS created,
        MIN(CASE WHEN type = 'claimed' THEN created_at END) AS claimed,
        MIN(CASE WHEN type = 'stage' AND stage = 'generating_media' THEN created_at END) AS media,
        MIN(CASE WHEN type = 'stage' AND stage = 'media_ready' THEN created_at END) AS ready,
        MIN(CASE WHEN type = 'stage' AND stage = 'exporting' THEN created_at END) AS export,
        MIN(CASE WHEN type = 'completed' THEN created_at END) AS done
      FROM job_events WHERE job_id IN ($(sed "s/.*/'&'/" "$work/batch-ids-$1" | paste -sd,)) GROUP BY job_id)
    SELECT printf('queue-wait %d, plan %d, scenes %d, export %d', AVG(claimed - created), AVG(media - claimed), AVG(ready - media), AVG(done - export)) FROM t"
}

batch_case() {
  timeline reel-5 >"$work/reel-5.json"
  batch_start_server
  # One untimed video first, as a server that has been running would have done: the first video
  # after start compiles the job path (measured: ~1.5 s of the server's own CPU, once).
  local warm
  warm=$(batch_reelforge warm-up 1) # in a subshell, whose `wait` does not wait for the server
  local fl=() rf=() f r
  for run in $(seq "${BATCH_RUNS:-1}"); do
    fl+=("$(batch_floor)")
    rf+=("$(batch_reelforge "$run")")
  done
  f=$(column 1 "${fl[@]}" | median); r=$(column 1 "${rf[@]}" | median)
  echo "batch-10: floor ${f}s ($(column 1 "${fl[@]}" | xargs)) cpu $(column 2 "${fl[@]}" | median)s, reelforge ${r}s ($(column 1 "${rf[@]}" | xargs))" \
    "cpu $(column 2 "${rf[@]}" | median)s, Workers:Concurrency ${CONCURRENCY:-default}, $(nproc) cores"
  echo "batch-10 steps, mean ms per job (last run): $(batch_steps "${BATCH_RUNS:-1}")"
  if [ "${TRACE:-}" = 1 ]; then
    # FFmpeg/ffprobe time by kind over the last run, per job.
    echo "batch-10 child processes, mean wall/cpu ms per job (last run): $(awk -v n="$BATCH" '$3 != "other" {t[$3] += $2 - $1; u[$3] += ($4 + $5) * 1000; c[$3]++}
      END {for (k in t) printf "%s %d/%d (%d runs)  ", k, t[k] / n, u[k] / n, c[k]}' "$work/trace")"
  fi
  batch_ratio="batch-10 ratio=$(awk -v r="$r" -v f="$f" 'BEGIN {printf "%.2f", r / f}')"
}
