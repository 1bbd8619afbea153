#!/usr/bin/env bash
# Ensure a local Docker engine is installed and running.
#
# Idempotent: if `docker info` already answers, it does nothing.
# Otherwise it installs (only missing) Debian packages docker.io, containerd,
# runc, iptables and debootstrap, starts dockerd in the background (detached,
# log in /var/log/dockerd.log) and waits up to DOCKERD_WAIT_SECONDS (60) for
# `docker info` to answer.
set -euo pipefail

WAIT_SECONDS="${DOCKERD_WAIT_SECONDS:-60}"
LOG_FILE="${DOCKERD_LOG:-/var/log/dockerd.log}"
PACKAGES=(docker.io containerd runc iptables debootstrap)

log() { printf '[docker-engine] %s\n' "$*" >&2; }

docker_ready() { docker info >/dev/null 2>&1; }

start_ts=$(date +%s)

if docker_ready; then
  log "docker engine already answers; nothing to do"
  exit 0
fi

# --- install missing packages -------------------------------------------------
missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} > 0)); then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "packages already installed"
fi

DOCKERD_BIN="$(command -v dockerd || true)"
if [[ -z "$DOCKERD_BIN" ]]; then
  log "ERROR: dockerd not found after installing docker.io"
  exit 1
fi

# --- start dockerd ------------------------------------------------------------
if pgrep -x dockerd >/dev/null 2>&1; then
  log "dockerd process already running; waiting for it to answer"
else
  log "starting $DOCKERD_BIN (log: $LOG_FILE)"
  mkdir -p "$(dirname "$LOG_FILE")"
  # setsid + nohup: detach from this shell's session so it survives the script.
  setsid nohup "$DOCKERD_BIN" >>"$LOG_FILE" 2>&1 </dev/null &
fi

for ((i = 0; i < WAIT_SECONDS; i++)); do
  if docker_ready; then
    log "docker engine ready after $(( $(date +%s) - start_ts )) s ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
    exit 0
  fi
  sleep 1
done

log "ERROR: docker engine did not answer 'docker info' within ${WAIT_SECONDS} s."
log "Last lines of $LOG_FILE:"
tail -n 30 "$LOG_FILE" >&2 || true
exit 1
