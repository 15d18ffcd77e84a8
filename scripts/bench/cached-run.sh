#!/usr/bin/env bash
# Target 1: fully cached `kiln run` of the taxi pipeline (10k rows and ×100) minus a bare JVM, with a breakdown.
exec "$(dirname "${BASH_SOURCE[0]}")/bench.sh" cached "$@"
