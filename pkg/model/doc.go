// Package model is tfemrcheck's format-independent description of EMR
// resources. The plan loader (pkg/plan) and the HCL loader (pkg/hclconfig)
// both produce a *Model; rules (pkg/rules) read only this package.
//
// Every attribute is a *Value that carries its State (absent, null,
// unknown, known), whether it is sensitive, the Terraform address and
// attribute path it belongs to and, where the input has one, a source
// Range. Unknown is never false: accessors report it explicitly, and rules
// turn it into an indeterminate finding that names what blocks it.
package model
