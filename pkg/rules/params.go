package rules

// Params are the organisation's choices that some rules encode. The policy
// file sets them; Defaults are used otherwise.
type Params struct {
	// AllowSSES3 accepts SSE-S3 for EMRFS data: EMR-SC-005 then reports it
	// at MEDIUM instead of HIGH.
	AllowSSES3 bool
	// MaxIMDSHopLimit is the largest accepted HttpPutResponseHopLimit.
	MaxIMDSHopLimit int
	// MaxCertificateValidityDays bounds EMR-managed certificate lifetime.
	MaxCertificateValidityDays int
	// AllowedCustomAMIs lists approved custom_ami_id values; empty means
	// any custom AMI is reported for review.
	AllowedCustomAMIs []string
	// AllowedKMSKeys lists approved KMS key ARNs or alias ARNs; empty means
	// any key is accepted.
	AllowedKMSKeys []string
	// MinimumReleaseLabel is the oldest release the organisation accepts
	// ("" for none).
	MinimumReleaseLabel string
	// ApprovedSecurityConfigurations lists names of security
	// configurations managed elsewhere that count as verified.
	ApprovedSecurityConfigurations []string
	// BPANoPermittedRanges is the stricter block-public-access variant:
	// EMR-ACC-001 also reports (at MEDIUM) a permitted port range of
	// exactly 22, which the AWS baseline accepts.
	BPANoPermittedRanges bool
	// StudioRequireSSO makes EMR-SVC-002 report EMR Studios that use IAM
	// authentication instead of IAM Identity Center (default true).
	StudioRequireSSO bool
}

// Defaults returns the parameters used without a policy file.
func Defaults() Params {
	return Params{
		AllowSSES3:                 false,
		MaxIMDSHopLimit:            1,
		MaxCertificateValidityDays: 397,
		StudioRequireSSO:           true,
	}
}
