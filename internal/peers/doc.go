// Package peers compares tfemrcheck with other IaC scanners (Trivy,
// Checkov, KICS) on those scanners' own EMR test fixtures, kept in
// testdata/peers (a copy of shared/corpus/peers; .ci/run checks the two
// are the same where shared/ is beside the clone).
//
// The package holds only tests. TestPeerCorpus loads every Terraform
// fixture listed in expectations.json with pkg/hclconfig, runs the rule
// catalogue with pkg/check, and compares the findings of the tfemrcheck
// rules that cover the peer rule's concern with what the peer expects.
// Every mismatch must be listed, with its reason, either as a deliberate
// disagreement (the peer is wrong, or the fixture is not a valid
// configuration) or as a known tfemrcheck bug; a listed entry that no
// longer mismatches fails the test too, so the tables stay true.
// TestPeersDoc keeps the generated tables of docs/peers.md in step
// (go test ./internal/peers -update rewrites them).
package peers
