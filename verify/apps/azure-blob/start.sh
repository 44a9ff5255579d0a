#!/bin/sh
# Azure Blob Storage as Azurite emulates it: Azurite's blob service on @@APPPORT@@, the
# generated cors.sh applied with the Azure Storage SDK (Set Blob Service Properties, as
# `az storage cors add` sends it), the route contract's blobs uploaded, then a path-only proxy
# on @@PORT@@ (`/api/x` -> `/devstoreaccount1/api/x`) that passes every header through as is.
set -eu
cd '@@DIR@@'
ln -sfn '@@DIR@@/../../../cloud/node_modules' node_modules
node node_modules/azurite/dist/src/blob/main.js --blobHost 127.0.0.1 --blobPort @@APPPORT@@ \
  --inMemoryPersistence --silent --skipApiVersionCheck --disableProductStyleUrl \
  --disableTelemetry &
# (The harness stops the whole process group, Azurite included.)
node setup.mjs @@APPPORT@@
exec node front.mjs @@PORT@@ @@APPPORT@@
