package rules

// Params are the organisation's choices that some rules encode. The policy
// file sets them; Defaults are used otherwise.
type Params struct {
	// AllowSSES3 accepts SSE-S3 for EMRFS data (EMR-SC-005 then passes it).
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
}

// Defaults returns the parameters used without a policy file.
func Defaults() Params {
	return Params{
		AllowSSES3:                 false,
		MaxIMDSHopLimit:            1,
		MaxCertificateValidityDays: 397,
	}
}
