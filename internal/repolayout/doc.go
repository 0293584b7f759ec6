// Package repolayout holds no code, only the tests that keep the
// repository's map true: every Go package appears in the README's layout
// table, every path the table names exists, and .ci/run tests every Go
// module of the repository (the Terraform provider is a module of its
// own, which a plain `go test ./...` at the root does not reach).
package repolayout
