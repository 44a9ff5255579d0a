#!/bin/sh
# wrangler 3 dev (local mode: workerd on 127.0.0.1, no account, no metrics) running the
# generated src/index.js with the route contract spliced into its `handle`.
set -eu
cd '@@DIR@@'
ln -sfn '@@DIR@@/../../../cloud/node_modules' node_modules
export WRANGLER_SEND_METRICS=false WRANGLER_LOG_PATH='@@DIR@@/.wrangler-logs' \
  XDG_CONFIG_HOME='@@DIR@@/.config' NO_UPDATE_NOTIFIER=1 CI=true
exec node node_modules/wrangler/bin/wrangler.js dev src/index.js --name corsfix-verify \
  --compatibility-date 2024-09-23 --ip 127.0.0.1 --port @@PORT@@ --inspector-port @@APPPORT@@ \
  --local --show-interactive-dev-session=false
