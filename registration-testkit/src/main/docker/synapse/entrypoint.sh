#!/bin/sh
# Entrypoint of matrix-registration/synapse-test.
#
# At every start it (re)writes /data/homeserver.yaml from the environment, then
# execs Synapse in the foreground (logs go to stdout).
#
# Environment:
#   SYNAPSE_SERVER_NAME                 server name (default: test.local)
#   SYNAPSE_REGISTRATION_SHARED_SECRET  shared secret for /_synapse/admin/v1/register (REQUIRED)
#   SYNAPSE_ENABLE_REGISTRATION         "true" opens Synapse's own client registration
#                                       (enable_registration + enable_registration_without_verification);
#                                       needed for /_matrix/client/v3/register/available (default: false)
#   SYNAPSE_BCRYPT_ROUNDS               bcrypt cost for password hashes (default: 4 = fast tests;
#                                       Synapse's own default is 12, about 6 registrations/s)
#   SYNAPSE_LOG_LEVEL                   root log level (default: INFO)
#   SYNAPSE_PUBLIC_BASEURL              public_baseurl (default: http://localhost:8008/)
#
# Extra configuration: every *.yaml file in /data/conf.d/ is read after
# homeserver.yaml and overrides its top-level keys (Synapse merges config files).
set -eu

if [ -z "${SYNAPSE_REGISTRATION_SHARED_SECRET:-}" ]; then
  echo "synapse-test: SYNAPSE_REGISTRATION_SHARED_SECRET must be set" >&2
  exit 64
fi

mkdir -p /data/conf.d /data/media_store
# Writes /data/homeserver.yaml, /data/log.yaml and (once) /data/signing.key.
python3 /usr/local/lib/synapse-test/generate_config.py

exec python3 -m synapse.app.homeserver \
  --config-path /data/homeserver.yaml \
  --config-path /data/conf.d \
  "$@"
