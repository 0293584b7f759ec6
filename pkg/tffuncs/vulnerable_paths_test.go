package tffuncs

// Hostile inputs for the two paths through which known vulnerabilities of
// our dependencies were reachable (issue 21.4): HCL template evaluation,
// which normalises and decodes text with golang.org/x/text (GO-2026-5970,
// an infinite loop on invalid input before v0.39.0), and rsadecrypt, which
// parses the private key with golang.org/x/crypto/ssh (GO-2026-5018,
// pathological RSA/DSA parameters before v0.52.0). A pull request writes
// both the template and the key, so each must end with a value or an
// error, never hang or panic, and never echo the key.

import (
	"encoding/asn1"
	"encoding/base64"
	"encoding/pem"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	goversion "github.com/hashicorp/go-version"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"
	"golang.org/x/mod/modfile"
)

// TestPatchedDependencies: go.mod requires the fixed versions (a careless
// `go get` could downgrade them). Test binaries carry no module build
// info, so the requirement is read from go.mod itself; go.sum and
// `go mod verify` make what is built match it.
func TestPatchedDependencies(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	require.NoError(t, err)
	mf, err := modfile.ParseLax("go.mod", data, nil)
	require.NoError(t, err)
	minimum := map[string]string{"golang.org/x/text": "v0.39.0", "golang.org/x/crypto": "v0.52.0"}
	seen := map[string]bool{}
	for _, r := range mf.Require {
		want, ok := minimum[r.Mod.Path]
		if !ok {
			continue
		}
		seen[r.Mod.Path] = true
		have, err := goversion.NewVersion(r.Mod.Version)
		require.NoError(t, err, r.Mod.Version)
		assert.True(t, have.GreaterThanOrEqual(goversion.Must(goversion.NewVersion(want))),
			"%s %s is older than %s, which fixes a vulnerability reachable from tfemrcheck", r.Mod.Path, r.Mod.Version, want)
	}
	for _, r := range mf.Replace {
		_, ok := minimum[r.Old.Path]
		assert.False(t, ok, "%s is replaced in go.mod: check the replacement is patched and update this test", r.Old.Path)
	}
	for p := range minimum {
		assert.True(t, seen[p], "go.mod no longer requires %s: update this test", p)
	}
}

// hostileTexts are strings that stress Unicode normalisation and text
// decoding: invalid UTF-8, long runs of combining marks (the worst case
// of NFC's reordering), lone surrogates encoded as UTF-8, overlong
// encodings, and an unterminated multi-byte sequence at the end.
func hostileTexts() map[string]string {
	return map[string]string{
		"invalid bytes":        strings.Repeat("\xff\xfe\xc0\x80", 4096),
		"combining marks":      "a" + strings.Repeat("\u0301\u0316\u0300\u0323", 8192),
		"combining after ill":  strings.Repeat("\xcc\u0301", 8192),
		"surrogates":           strings.Repeat("\xed\xa0\x80\xed\xb0\x80", 4096),
		"overlong":             strings.Repeat("\xe0\x80\xaf\xf0\x80\x80\xaf", 4096),
		"truncated at end":     strings.Repeat("é", 1000) + "\xe2\x82",
		"hangul jamo":          strings.Repeat("\u1100\u1161\u11a8", 8192),
		"decomposable singles": strings.Repeat("\u2126\u212b\u0344\u0f73", 4096),
	}
}

func TestTemplatesEndOnHostileText(t *testing.T) {
	base, opts, _ := testTree(t)
	for name, text := range hostileTexts() {
		t.Run(name, func(t *testing.T) {
			// The text as the template itself (templatefile, templatestring)
			// and as a value the template interpolates.
			require.NoError(t, os.WriteFile(filepath.Join(base, "tpl", "hostile.tftpl"), []byte(text+"${x}"+text), 0o644))
			vars := map[string]cty.Value{"local": cty.ObjectVal(map[string]cty.Value{"t": cty.StringVal(text + "${x}")})}
			for _, src := range []string{
				`templatefile("tpl/hostile.tftpl", {x = "y"})`,
				`templatestring(local.t, {x = local.t})`,
				`"${local.t}${upper(local.t)}${lower(local.t)}"`,
				`textencodebase64(local.t, "UTF-16LE")`,
				`textdecodebase64(base64encode(local.t), "SHIFT_JIS")`,
				`textdecodebase64(base64encode(local.t), "UTF-16")`,
				`length(local.t)`,
				`substr(local.t, 1, 100)`,
			} {
				v, diags := eval(t, opts, src, vars)
				// An error is an acceptable end; a panic turned into one
				// by go-cty is not.
				assert.NotContains(t, strings.ToLower(diags.Error()), "panic", src)
				if !diags.HasErrors() {
					assert.True(t, unmarked(v).IsKnown(), "%s: known input, unknown result", src)
				}
			}
			// Valid text renders to itself (already NFC, as cty keeps strings).
			if utf8.ValidString(text) {
				v, diags := eval(t, opts, `"${local.t}"`, vars)
				require.False(t, diags.HasErrors(), diags.Error())
				assert.Equal(t, vars["local"].GetAttr("t").AsString(), unmarked(v).AsString())
			}
		})
	}
}

// derPEM wraps a DER value in a PEM block of the given type.
func derPEM(t *testing.T, typ string, v any) string {
	t.Helper()
	der, err := asn1.Marshal(v)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
}

func TestRSADecryptEndsOnPathologicalKeys(t *testing.T) {
	_, opts, _ := testTree(t)
	one := big.NewInt(1)
	huge := new(big.Int).Lsh(one, 65536) // far beyond any real key size
	huge.Sub(huge, one)
	even := new(big.Int).Lsh(one, 4096)
	type pkcs1 struct {
		Version               int
		N                     *big.Int
		E                     int
		D, P, Q, Dp, Dq, Qinv *big.Int
	}
	type dsaKey struct {
		Version       int
		P, Q, G, Y, X *big.Int
	}
	keys := map[string]string{
		"RSA modulus of 65536 bits":    derPEM(t, "RSA PRIVATE KEY", pkcs1{N: huge, E: 65537, D: huge, P: huge, Q: huge, Dp: one, Dq: one, Qinv: one}),
		"RSA even modulus, primes 1":   derPEM(t, "RSA PRIVATE KEY", pkcs1{N: even, E: 3, D: one, P: one, Q: one, Dp: one, Dq: one, Qinv: one}),
		"RSA exponent 1":               derPEM(t, "RSA PRIVATE KEY", pkcs1{N: even, E: 1, D: one, P: even, Q: even, Dp: one, Dq: one, Qinv: one}),
		"RSA zero everything":          derPEM(t, "RSA PRIVATE KEY", pkcs1{N: big.NewInt(0), E: 0, D: big.NewInt(0), P: big.NewInt(0), Q: big.NewInt(0), Dp: big.NewInt(0), Dq: big.NewInt(0), Qinv: big.NewInt(0)}),
		"DSA parameters of 65536 bits": derPEM(t, "DSA PRIVATE KEY", dsaKey{P: huge, Q: huge, G: huge, Y: huge, X: huge}),
		"DSA generator 1":              derPEM(t, "DSA PRIVATE KEY", dsaKey{P: even, Q: one, G: one, Y: one, X: one}),
		"not a key":                    "-----BEGIN RSA PRIVATE KEY-----\n" + strings.Repeat("A", 1<<16) + "\n-----END RSA PRIVATE KEY-----\n",
		"nested PEM headers":           strings.Repeat("-----BEGIN RSA PRIVATE KEY-----\n", 4096),
	}
	ciphertext := base64.StdEncoding.EncodeToString(make([]byte, 512))
	for name, key := range keys {
		t.Run(name, func(t *testing.T) {
			vars := map[string]cty.Value{"local": cty.ObjectVal(map[string]cty.Value{
				"key": cty.StringVal(key), "ct": cty.StringVal(ciphertext),
			})}
			_, diags := eval(t, opts, `rsadecrypt(local.ct, local.key)`, vars)
			require.True(t, diags.HasErrors(), "a pathological key must not decrypt")
			body := key
			if b, _ := pem.Decode([]byte(key)); b != nil {
				body = base64.StdEncoding.EncodeToString(b.Bytes)
			}
			probe := body
			if len(probe) > 64 {
				probe = probe[len(probe)/2 : len(probe)/2+64]
			}
			assert.NotContains(t, diags.Error(), probe, "the error must not echo the key")
		})
	}
}
