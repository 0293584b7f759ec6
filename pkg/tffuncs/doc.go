// Package tffuncs is Terraform's built-in function table for the source
// evaluator: every function `terraform metadata functions -json` lists,
// with Terraform's signatures and results, plus the hashicorp/aws
// provider-defined functions and, for OpenTofu configurations, the
// functions OpenTofu adds.
package tffuncs
