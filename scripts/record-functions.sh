#!/usr/bin/env bash
# Records what the real `terraform console -plan` prints for every
# expression of testdata/functions/expressions.txt into
# testdata/functions/recorded.json, the table pkg/tffuncs/recorded_test.go
# checks the evaluator against offline. Needs terraform on PATH (1.11 is
# the version the evaluator follows) and no network: the console's
# configuration uses only the built-in terraform_data resource.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./internal/tfconsole/record "$@" \
  -config testdata/functions/console \
  -o testdata/functions/recorded.json \
  testdata/functions/expressions.txt
echo "wrote testdata/functions/recorded.json"
