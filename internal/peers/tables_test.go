package peers

// This file holds the hand-kept tables of the peer comparison: which
// tfemrcheck rules cover each peer rule, which mismatches are deliberate,
// which are tfemrcheck bugs, and which loader diagnostics are expected.
// Keys of the per-entry tables are "<path under corpus/peers>#<resource>"
// (or just the path when the entry names no resource).

// concern is what a peer rule checks and the tfemrcheck rules that cover
// the same concern.
type concern struct {
	// Rules are the tfemrcheck rule ids of the same concern. A peer
	// "fail" needs a fail or indeterminate finding of one of them; a peer
	// "pass" needs no fail finding of any of them.
	Rules []string
	// Content is set when the concern is the content of a security
	// configuration: an EMR-CL-002 indeterminate finding (content not
	// verifiable) then marks a "pass" as unverified.
	Content bool
	// Peer says, briefly, what the peer rule really tests.
	Peer string
}

// concerns maps each peer rule of the Terraform fixtures to tfemrcheck.
var concerns = map[string]concern{
	"AVD-AWS-0137": {
		Rules: []string{"EMR-SC-004"}, Content: true,
		Peer: "fails only when `EnableAtRestEncryption` is explicitly `false`; a missing key passes",
	},
	"AVD-AWS-0138": {
		Rules: []string{"EMR-SC-007"}, Content: true,
		Peer: "fails when `EnableInTransitEncryption` is `false`; does not look for a TLS certificate provider",
	},
	"AVD-AWS-0139": {
		Rules: []string{"EMR-SC-006", "EMR-SC-009"}, Content: true,
		Peer: "fails when the local-disk `EncryptionKeyProviderType` is empty; does not look at EBS encryption",
	},
	"CKV_AWS_349": {
		Rules: []string{"EMR-SC-006", "EMR-SC-009"}, Content: true,
		Peer: "security configuration has a `LocalDiskEncryptionConfiguration`",
	},
	"CKV_AWS_350": {
		Rules: []string{"EMR-SC-006", "EMR-SC-002"}, Content: true,
		Peer: "security configuration enables EBS encryption",
	},
	"CKV_AWS_351": {
		Rules: []string{"EMR-SC-007"}, Content: true,
		Peer: "`EnableInTransitEncryption` is true; does not look for a TLS certificate provider",
	},
	"CKV_AWS_171": {
		Rules: []string{"EMR-SC-005", "EMR-SC-008"}, Content: true,
		Peer: "the configuration text contains the substring `SSE-KMS` anywhere",
	},
	"CKV_AWS_114": {
		Rules: []string{"EMR-CL-003", "EMR-SC-016"},
		Peer:  "a cluster with `kerberos_attributes` sets `realm` (the provider schema already requires it)",
	},
	"CKV_AWS_390": {
		Rules: []string{"EMR-ACC-001"},
		Peer:  "`block_public_security_group_rules` is true; permitted port ranges are not looked at",
	},
	"CKV2_AWS_55": {
		Rules: []string{"EMR-CL-001"},
		Peer:  "the cluster sets `security_configuration`",
	},
	"CKV2_AWS_7": {
		Rules: []string{"EMR-NET-004"},
		Peer:  "the cluster is connected to a security group and none of its groups allows 0.0.0.0/0",
	},
	"custom-emrbackup1": {
		Rules: []string{"EMR-SC-007", "EMR-CL-001"}, Content: true,
		Peer: "test-only graph policy: the cluster's security configuration has `EnableInTransitEncryption == true` (the string `\"true\"` accepted)",
	},
	"2b3c8a6d-9856-43e6-ab1d-d651094f03b4": {
		Rules: []string{"EMR-NET-001"},
		Peer:  "KICS \"EMR Without VPC\": `aws_emr_cluster` has a top-level `subnet_id`",
	},
}

// disagreements are mismatches where tfemrcheck is deliberately different
// from the peer, with the reason. Each must really mismatch.
var disagreements = map[string]string{
	"checkov/custom-emrbackup1/main.tf#aws_emr_cluster.passing_cluster": "" +
		"the cluster's security configuration enables in-transit encryption without a TLS certificate provider, which EMR " +
		"needs when the flag is on: tfemrcheck fails EMR-SC-007 where the peer's policy looks at the flag only",
	"checkov/custom-emrbackup1/main.tf#aws_emr_cluster.also_passing_cluster": "" +
		"as for passing_cluster: in-transit encryption without a TLS certificate provider (the flags are the strings " +
		"`\"true\"`, which tfemrcheck reads as true, as reference §1.1 allows)",
	"trivy-checks/AVD-AWS-0138/enable_in_transit_encryption.good.0.tf#aws_emr_security_configuration.good_example": "" +
		"in-transit encryption is enabled without an `InTransitEncryptionConfiguration.TLSCertificateConfiguration`; EMR needs a " +
		"certificate provider when the flag is on (MANIFEST caveat), so the \"good\" example is not a working configuration",
	"trivy-checks/AVD-AWS-0139/enable_local_disk_encryption.good.0.tf#aws_emr_security_configuration.good_example": "" +
		"the local-disk configuration has no `EnableEbsEncryption`, so EBS volumes, including the root volume, stay unencrypted; " +
		"tfemrcheck asks for EBS encryption as Control Tower CT.EMR.PR.3 does",
	"checkov/CKV_AWS_351/main.tf#aws_emr_security_configuration.pass": "" +
		"in-transit encryption is enabled without a TLS certificate provider (MANIFEST caveat); tfemrcheck reads the flag and the " +
		"certificate configuration together",
	"checkov/CKV_AWS_390/main.tf#aws_emr_block_public_access_configuration.pass": "" +
		"block public access permits public ingress on ports 100-101 besides 22; Security Hub EMR.2 and AWS Config " +
		"`emr-block-public-access` are non-compliant for any permitted range other than port 22, and so is tfemrcheck",
	"checkov/CKV_AWS_114/test_EMRClusterKerberosAttributes.test_success.tf#aws_emr_cluster.test": "" +
		"the cluster has `kerberos_attributes` but no security configuration with a Kerberos block, on emr-4.6.0, older than the " +
		"emr-5.10.0 that introduced Kerberos: EMR rejects it, whatever the realm",
	"checkov/CKV2_AWS_7/main.tf#aws_emr_cluster.cluster_not_connected": "" +
		"a cluster that names no security group gets the default EMR-managed groups, which EMR creates without ingress from " +
		"0.0.0.0/0: their inbound rules admit the cluster's own groups and port 8443 from Amazon address ranges, SSH has to be " +
		"opened by hand (EMR Management Guide, rules in EMR-managed security groups); Checkov fails it only because its graph has " +
		"no security-group edge",
	"kics/2b3c8a6d-9856-43e6-ab1d-d651094f03b4/negative.tf": "" +
		"the fixture puts `subnet_id` at the top level of `aws_emr_cluster`, where the provider does not accept it (it belongs in " +
		"`ec2_attributes`): as written the cluster has no subnet, so tfemrcheck keeps EMR-NET-001 (MANIFEST caveat)",
}

// knownBugs are mismatches caused by a tfemrcheck bug, with the issue.
// Each must really mismatch: when the bug is fixed the test fails and the
// entry is to be removed (and the entry re-examined: it may then be a
// deliberate disagreement).
var knownBugs = map[string]string{}

// notes explain agreements that need a word (for docs/peers.md).
var notes = map[string]string{
	"checkov/CKV_AWS_114/test_EMRClusterKerberosAttributes.test_failure.tf#aws_emr_cluster.test": "" +
		"agree for another reason: the missing `realm` is a provider schema error (terraform validate); tfemrcheck fails the " +
		"Kerberos attributes without a Kerberos security configuration, on a release older than emr-5.10.0",
	"checkov/CKV_AWS_171/main.tf#aws_emr_security_configuration.pass": "" +
		"the key is `${module.encryption_module.kms_key_alias}` of an undeclared module, unknown to tfemrcheck; the JSON around " +
		"it is still checked, and its SSE-KMS mode passes",
	"checkov/CKV_AWS_171/main.tf#aws_emr_security_configuration.fail": "" +
		"EMRFS uses SSE-S3; tfemrcheck also reports the invalid local-disk provider `AwsS3` (EMR-SC-003)",
	"checkov/custom-emrbackup1/main.tf#aws_emr_cluster.failing_cluster": "" +
		"the heredoc holds `${aws_kms_key.test.arn}`, unknown before apply; tfemrcheck parses the JSON around it, as the " +
		"reference (§4.5) asks, and sees `EnableInTransitEncryption: false`",
	"checkov/CKV2_AWS_7/main.tf#aws_emr_cluster.cluster_connected_to_wrong_group": "" +
		"the EMR-NET-004 finding is on `aws_security_group.block_access_not_ok` and names the cluster",
	"trivy-checks/AVD-AWS-0137/enable_at_rest_encryption.good.0.tf#aws_emr_security_configuration.good_example": "" +
		"agree on the flag; tfemrcheck still fails the SSE-S3 mode (EMR-SC-005), the missing EBS encryption (EMR-SC-006) and " +
		"in-transit encryption without a certificate provider (EMR-SC-007)",
}

// diagExplanation says why loading a fixture gives error diagnostics.
type diagExplanation struct {
	// Lines are the lines of the expected error diagnostics; every error
	// must be on one of them and every line must have an error.
	Lines []int
	Why   string
}

// undeclaredRef explains a fixture that refers to resources or modules
// it does not declare (MANIFEST: "a parser must tolerate unresolved
// references"). Terraform rejects such a file too; the loader reports an
// error and treats the value as unknown, and the comparison goes on.
const undeclaredRef = "refers to resources or modules the single-file fixture does not declare; the loader reports them " +
	"and treats the values as unknown"

// explainedDiags lists the fixtures whose loading gives error
// diagnostics, keyed by path under corpus/peers.
var explainedDiags = map[string]diagExplanation{
	"checkov/CKV_AWS_171/main.tf": {Lines: []int{32, 36}, Why: undeclaredRef + " (`module.encryption_module`)"},
	"checkov/CKV_AWS_114/test_EMRClusterKerberosAttributes.test_skipped_no_kerberos.tf": {
		Lines: []int{11, 12, 13, 14}, Why: undeclaredRef + " (`aws_subnet.main`, `aws_security_group.sg`, `aws_iam_instance_profile.emr_profile`)",
	},
	"checkov/CKV2_AWS_55/main.tf": {Lines: []int{16, 45}, Why: undeclaredRef + " (`aws_subnet.example`)"},
	"checkov/custom-emrbackup1/main.tf": {
		Lines: []int{11, 12, 23, 38, 56, 57, 68, 84, 100, 101, 112, 127},
		Why:   undeclaredRef + " (`aws_subnet.main`, `aws_iam_instance_profile.emr_profile`, `aws_iam_role.iam_emr_service_role`, `aws_kms_key.test`)",
	},
	"kics/2b3c8a6d-9856-43e6-ab1d-d651094f03b4/negative.tf": {Lines: []int{4}, Why: undeclaredRef + " (`aws_subnet.main`)"},
}
