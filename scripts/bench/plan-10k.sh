#!/usr/bin/env bash
# Target 3: `kiln plan` with 10,000 earlier runs in the metadata store, minus a bare JVM.
exec "$(dirname "${BASH_SOURCE[0]}")/bench.sh" plan "$@"
