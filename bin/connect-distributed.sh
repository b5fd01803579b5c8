#!/usr/bin/env bash
# Apache Kafka Connect's distributed launcher, served by Ferry:
#   connect-distributed.sh [-daemon] connect-distributed.properties
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 1 ]; then
  echo "USAGE: $0 [-daemon] connect-distributed.properties" >&2
  exit 1
fi
if [ "$1" = "-daemon" ]; then
  shift
  exec "$DIR/ferry" -daemon distributed "$@"
fi
exec "$DIR/ferry" distributed "$@"
