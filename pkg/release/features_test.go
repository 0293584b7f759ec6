package release

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFeaturePredicates(t *testing.T) {
	type pred func(Label) bool
	cases := []struct {
		name    string
		p       pred
		yes, no []string
	}{
		{"private subnet", Label.SupportsPrivateSubnet, []string{"emr-4.2.0", "emr-7.2.0"}, []string{"emr-4.1.0", "3.11.0"}},
		{"custom ami", Label.SupportsCustomAMI, []string{"emr-5.7.0", "emr-6.0.0"}, []string{"emr-5.6.9"}},
		{"kerberos", Label.SupportsKerberos, []string{"emr-5.10.0", "emr-5.24.0"}, []string{"emr-5.9.0", "2.4.0"}},
		{"external kdc", Label.SupportsExternalKdc, []string{"emr-5.20.0"}, []string{"emr-5.19.0", "emr-5.9.0"}},
		{"emrfs", Label.SupportsEmrFsRoleMappings, []string{"emr-5.10.0"}, []string{"emr-5.9.0"}},
		{"ebs", Label.SupportsEBSEncryption, []string{"emr-5.24.0", "emr-6.1.0"}, []string{"emr-5.23.1"}},
		{"runtime roles", Label.SupportsRuntimeRoles, []string{"emr-6.7.0", "emr-7.0.0"}, []string{"emr-6.6.0", "emr-5.36.0"}},
		{"lf runtime", Label.SupportsLakeFormationRuntimeRole, []string{"emr-6.7.0"}, []string{"emr-6.6.9"}},
		{"legacy lf", Label.SupportsLegacyLakeFormation, []string{"emr-5.31.0", "emr-6.1.0"}, []string{"emr-5.30.2"}},
		{"legacy lf uncertain", Label.LegacyLakeFormationUncertain, []string{"emr-6.0.0"}, []string{"emr-5.36.0"}},
		{"identity center", Label.SupportsIdentityCenter, []string{"emr-6.15.0", "emr-7.12.0"}, []string{"emr-6.14.0", "emr-6.9.0"}},
	}
	for _, c := range cases {
		for _, s := range c.yes {
			assert.True(t, c.p(MustParse(s)), "%s: %s", c.name, s)
		}
		for _, s := range c.no {
			assert.False(t, c.p(MustParse(s)), "%s: %s", c.name, s)
		}
	}
}
