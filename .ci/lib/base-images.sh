#!/usr/bin/env bash
# Build the local images the integration tests use (no registry is reachable).
#
#   debian:sid-slim                              debootstrap --variant=minbase sid + docker import
#   matrix-registration/synapse-test:latest      registration-testkit/src/main/docker/synapse
#   matrix-registration/postgres-test:latest     registration-persistence/src/test/docker/postgres
#   matrix-registration/jre25:latest             registration-dist/src/docker/jre25
#
# Idempotent: the base image is only bootstrapped when `docker image inspect`
# does not find it; the two test images are rebuilt with `docker build`, which
# is answered from Docker's layer cache (about 1 s) when nothing changed.
# Expects a running engine (see docker-engine.sh).
#
# Environment:
#   DEBIAN_MIRROR      default http://deb.debian.org/debian
#   BASE_IMAGE         default debian:sid-slim
#   SKIP_TEST_IMAGES   set to 1 to only make the base image
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE_IMAGE="${BASE_IMAGE:-debian:sid-slim}"

SYNAPSE_IMAGE="matrix-registration/synapse-test:latest"
SYNAPSE_DIR="$REPO_ROOT/registration-testkit/src/main/docker/synapse"
POSTGRES_IMAGE="matrix-registration/postgres-test:latest"
POSTGRES_DIR="$REPO_ROOT/registration-persistence/src/test/docker/postgres"
JRE_IMAGE="matrix-registration/jre25:latest"
JRE_DIR="$REPO_ROOT/registration-dist/src/docker/jre25"

log() { printf '[base-images] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

if ! docker info >/dev/null 2>&1; then
  log "ERROR: docker engine not reachable; run .ci/lib/docker-engine.sh first"
  exit 1
fi

total_start=$(now)

# --- base image -----------------------------------------------------------------
t=$(now)
if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "$BASE_IMAGE already present (skipped, $(elapsed "$t") s)"
else
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  rootfs="$(mktemp -d /tmp/debian-sid-rootfs.XXXXXX)"
  trap 'rm -rf "$rootfs"' EXIT
  log "debootstrap --variant=minbase sid into $rootfs from $DEBIAN_MIRROR"
  if ! debootstrap --variant=minbase sid "$rootfs" "$DEBIAN_MIRROR" >"$rootfs.log" 2>&1; then
    log "ERROR: debootstrap failed; last lines of $rootfs.log:"
    tail -n 30 "$rootfs.log" >&2
    exit 1
  fi
  rm -f "$rootfs.log"
  # Slim it down: package cache and lists are re-fetched by `apt-get update`.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/debootstrap
  log "debootstrap done after $(elapsed "$t") s; importing as $BASE_IMAGE"
  tar -C "$rootfs" --numeric-owner -c . | docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
  log "$BASE_IMAGE created in $(elapsed "$t") s"
fi

# --- test images ------------------------------------------------------------------
build_image() {
  local tag="$1" dir="$2" t
  t=$(now)
  if [[ ! -f "$dir/Dockerfile" ]]; then
    log "ERROR: $dir/Dockerfile not found"
    exit 1
  fi
  local args=() logf="/tmp/docker-build-${tag//[\/:]/_}.log"
  # Pass BASE_IMAGE only when it is not the Dockerfiles' default, so that the
  # build cache is the same one a plain `docker build DIR` (or Testcontainers'
  # ImageFromDockerfile) sees.
  if [[ "$BASE_IMAGE" != "debian:sid-slim" ]]; then
    args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
  fi
  log "docker build ${args[*]:+${args[*]} }-t $tag $dir"
  if ! docker build "${args[@]}" -t "$tag" "$dir" >"$logf" 2>&1; then
    log "ERROR: building $tag failed; last lines of $logf:"
    tail -n 40 "$logf" >&2
    exit 1
  fi
  log "$tag ready in $(elapsed "$t") s"
}

if [[ "${SKIP_TEST_IMAGES:-0}" != "1" ]]; then
  # Sequential on purpose: building both in parallel took as long (130 s vs
  # 128 s cold on 2 cores; dpkg and py3compile are CPU bound).
  build_image "$SYNAPSE_IMAGE" "$SYNAPSE_DIR"
  build_image "$POSTGRES_IMAGE" "$POSTGRES_DIR"
  # The base of the portal image's build stage (registration-dist/Dockerfile, ContainerImageIT).
  build_image "$JRE_IMAGE" "$JRE_DIR"
fi

log "all images ready in $(elapsed "$total_start") s"
