#!/bin/sh
# react-scripts start (Create React App 5, webpack-dev-server 4) with the generated
# src/setupProxy.js (http-proxy-middleware 2: /api → the backend on @@APPPORT@@).
set -eu
cd '@@DIR@@'
ln -sfn '@@DIR@@/../../../cra/node_modules' node_modules
export NODE_ENV=development BROWSER=none HOST=127.0.0.1 PORT=@@PORT@@ \
  DANGEROUSLY_DISABLE_HOST_CHECK=true DISABLE_ESLINT_PLUGIN=true FAST_REFRESH=false \
  GENERATE_SOURCEMAP=false WDS_SOCKET_PORT=@@PORT@@
node backend.cjs @@APPPORT@@ &
node wait-port.cjs @@APPPORT@@
exec node node_modules/react-scripts/bin/react-scripts.js start
