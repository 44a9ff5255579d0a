#!/bin/sh
# webpack serve (webpack-cli + webpack-dev-server 5) with the generated webpack.config.js
# (devServer.proxy /api → the backend on @@APPPORT@@).
set -eu
cd '@@DIR@@'
ln -sfn '@@DIR@@/../../../dev/node_modules' node_modules
export NODE_ENV=development
node backend.cjs @@APPPORT@@ &
node wait-port.cjs @@APPPORT@@
exec node node_modules/webpack-cli/bin/cli.js serve --config webpack.config.js --mode development \
  --host 127.0.0.1 --port @@PORT@@ --no-client-overlay
