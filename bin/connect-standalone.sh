#!/usr/bin/env bash
# Apache Kafka Connect's standalone launcher, served by Ferry:
#   connect-standalone.sh [-daemon] worker.properties [connector.properties|connector.json ...]
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] connect-standalone.properties [connector1.properties connector2.json ...]" >&2
  exit 1
fi
if [ "$1" = "-daemon" ]; then
  shift
  exec "$DIR/ferry" -daemon standalone "$@"
fi
exec "$DIR/ferry" standalone "$@"
