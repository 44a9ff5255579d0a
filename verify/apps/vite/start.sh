#!/bin/sh
# Vite dev server with the generated vite.config.js (proxy /api → the backend on @@APPPORT@@).
set -eu
cd '@@DIR@@'
ln -sfn '@@DIR@@/../../../dev/node_modules' node_modules
export NODE_ENV=development
node backend.cjs @@APPPORT@@ &
node wait-port.cjs @@APPPORT@@
exec node node_modules/vite/bin/vite.js --host 127.0.0.1 --port @@PORT@@ --strictPort --clearScreen false
