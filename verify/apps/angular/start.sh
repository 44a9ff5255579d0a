#!/bin/sh
# ng serve (Angular CLI 20, @angular/build dev server) with the generated proxy.conf.json
# (/api → the backend on @@APPPORT@@), as the generated notes say: --proxy-config.
set -eu
cd '@@DIR@@'
ln -sfn '@@DIR@@/../../../angular/node_modules' node_modules
export NODE_ENV=development NG_CLI_ANALYTICS=false NG_FORCE_TTY=false
node backend.cjs @@APPPORT@@ &
node wait-port.cjs @@APPPORT@@
exec node node_modules/@angular/cli/bin/ng.js serve --host 127.0.0.1 --port @@PORT@@ \
  --proxy-config proxy.conf.json --live-reload false --hmr false
