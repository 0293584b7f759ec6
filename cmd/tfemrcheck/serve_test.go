package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeNeedsAKey: serve does not start without a signature key, nor
// with an empty one (a secret that did not resolve); only
// --insecure-no-signature starts it without one, and then no key may be
// given too.
func TestServeNeedsAKey(t *testing.T) {
	for name, c := range map[string]struct {
		args    []string
		environ []string
		want    string // "" means it starts
	}{
		"no key":          {nil, nil, "no HMAC key: set TFEMRCHECK_HMAC_KEY or --hmac-key-file"},
		"empty key":       {nil, []string{hmacKeyEnv + "="}, "TFEMRCHECK_HMAC_KEY is set but empty (is the secret missing?)"},
		"key":             {nil, []string{hmacKeyEnv + "=k"}, ""},
		"insecure":        {[]string{"--insecure-no-signature"}, nil, ""},
		"insecure, empty": {[]string{"--insecure-no-signature"}, []string{hmacKeyEnv + "="}, ""},
		"insecure + key":  {[]string{"--insecure-no-signature"}, []string{hmacKeyEnv + "=k"}, "--insecure-no-signature starts without a key, but a key is given (TFEMRCHECK_HMAC_KEY)"},
		"insecure + file": {[]string{"--insecure-no-signature", "--hmac-key-file", "k.txt"}, nil, "a key is given (--hmac-key-file)"},
	} {
		t.Run(name, func(t *testing.T) {
			st, err := serveSetup(c.args, env{environ: c.environ})
			if c.want != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.want)
				// runCLI passes no environment: the cases without one
				// reach the same error through run.
				if c.environ == nil {
					r := runCLI(t, "", append([]string{"serve"}, c.args...)...)
					assert.Equal(t, exitError, r.code)
					assert.Contains(t, r.stderr, c.want)
					assert.True(t, strings.HasPrefix(r.stderr, "Error: "), r.stderr)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, len(st.opts.HMACKeys) == 0, st.opts.AllowUnsigned)
		})
	}
}

// TestRuleLinksFollowTheVersion: a release's rule links point at that
// release's documentation; a development build's at main.
func TestRuleLinksFollowTheVersion(t *testing.T) {
	r := runCLI(t, "", "explain", "EMR-SC-001")
	assert.Contains(t, r.stdout, "https://github.com/tfemrcheck/tfemrcheck/blob/main/docs/rules/EMR-SC-001.md")
	defer func(v string) { version = v; runCLI(t, "", "rules") }(version)
	version = "v1.4.2"
	r = runCLI(t, "", "explain", "EMR-SC-001")
	assert.Contains(t, r.stdout, "https://github.com/tfemrcheck/tfemrcheck/blob/v1.4.2/docs/rules/EMR-SC-001.md")
	r = runCLI(t, "", "--format", "sarif", lowOnlyDoc)
	assert.Contains(t, r.stdout, `"helpUri": "https://github.com/tfemrcheck/tfemrcheck/blob/v1.4.2/docs/rules/EMR-SC-015.md"`)
}
