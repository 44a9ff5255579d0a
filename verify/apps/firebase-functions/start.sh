#!/bin/sh
# The generated Firebase function (firebase-functions v2 onRequest + cors), mounted in a local
# Express server (no emulator: it would need a Firebase project and a Java/network download).
set -eu
cd '@@DIR@@'
ln -sfn '@@DIR@@/../../../cloud/node_modules' node_modules
export GCLOUD_PROJECT=demo-corsfix FIREBASE_CONFIG='{"projectId":"demo-corsfix"}'
exec node server.js
