# Shell helpers shared by the benchmark scripts (sourced, not run).

# free_port -> a TCP port on 127.0.0.1 that nothing listens on
free_port() {
  local p=$((20000 + RANDOM % 20000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

# wait_http URL PID TIMEOUT_S LOG -> returns once URL answers 200; fails (printing LOG) when PID dies or time is up
wait_http() {
  local url=$1 pid=$2 timeout_s=$3 log=$4 deadline
  deadline=$(($(date +%s%N) + timeout_s * 1000000000))
  until curl -fs -o /dev/null --max-time 2 "$url"; do
    if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s%N)" -gt "$deadline" ]; then
      echo "error: $url did not answer 200 within ${timeout_s}s; log:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.01
  done
}

# field "LINE" KEY -> the value of KEY=value in a RESULT line
field() { printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }

# machine_line -> one line describing this machine (cores, memory, CPU, OS, kernel, .NET, commit)
machine_line() {
  local os cpu
  os=$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)
  cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
  echo "nproc=$(nproc), memory $(awk '/^MemTotal:/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), CPU ${cpu:-unknown}, $os," \
    "kernel $(uname -r), dotnet $(dotnet --version), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')"
}
