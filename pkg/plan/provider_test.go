package plan

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProviderRegion reads configuration.provider_config: a literal region,
// an alias whose region is a root variable (the plan holds its value), and
// a module resource, whose provider_config_key Terraform resolves through
// the call's providers map.
func TestProviderRegion(t *testing.T) {
	m := load(t, "../../testdata/plans/sc012-provider-region/plan.json")
	region := func(addr string) string {
		r := m.Lookup(addr)
		require.NotNil(t, r, addr)
		if r.ProviderRegion == nil {
			return "nil"
		}
		s, ok := r.ProviderRegion.AsString()
		require.True(t, ok, addr)
		return s
	}
	assert.Equal(t, "eu-west-1", region("aws_emr_security_configuration.home"))
	assert.Equal(t, "us-east-1", region("aws_emr_security_configuration.away"))
	assert.Equal(t, "us-east-1", region("module.emr_us.aws_emr_security_configuration.this"))
}

func TestProviderRegionExpression(t *testing.T) {
	d := &document{}
	var err error
	d.providers, err = newScanner(strings.NewReader(`{"aws.x":{"expressions":{"region":{"references":["local.region"]}}},"aws.y":{"expressions":{}},"module.m:aws":{"module_address":"module.m"},"aws.z":{"expressions":{"region":{"constant_value":null}}}}`)).decode()
	require.NoError(t, err)
	v := d.providerRegion("aws.x")
	require.NotNil(t, v)
	assert.True(t, v.IsUnknown())
	assert.Equal(t, []string{"local.region"}, v.Blockers())
	assert.Nil(t, d.providerRegion("aws.y"))
	assert.Nil(t, d.providerRegion("module.m:aws"), "a provider block in a module without region: the environment's")
	assert.Nil(t, d.providerRegion("aws.z"))
	assert.Nil(t, d.providerRegion("aws.missing"))
	assert.Nil(t, d.providerRegion(""))
}
