#!/usr/bin/env bash
# Target 2: csv → DeriveBigTipper → Avro on 1M rows, plain Beam vs Kiln, side by side.
exec "$(dirname "${BASH_SOURCE[0]}")/bench.sh" overhead "$@"
