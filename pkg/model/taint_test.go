package model

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func tainted(s string) *Value {
	v := NewString(s)
	v.SetTaint("file secrets.txt")
	return v
}

func TestTaintShowable(t *testing.T) {
	shown := []string{
		"SSE-KMS", "sse-kms", "SSE_KMS", "CSE-Custom", "SSE-C", "AwsKms", "Custom", "PEM", "EMR",
		"ClusterDedicatedKdc", "ExternalKdc", "Single", "true", "FALSE",
		"emr-6.15.0", "emr-5.36.2", "3.11.0", "2.4",
		"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab",
		"arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/emr-at-rest",
		"alias/emr", "alias/aws/s3", "alias/team_emr-2024",
		"10.0.0.0/16", "0.0.0.0/0", "::/0",
	}
	for _, s := range shown {
		assert.True(t, TaintShowable(s), s)
		assert.Equal(t, strconv.Quote(s), tainted(s).Display(), s)
	}
	hidden := []string{
		"", "hunter2", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "TOKEN=abc",
		"emr-6.15.0-secret", "emr-6.15", "emr-x.y.z", " emr-6.15.0", "emr-6.15.0\n",
		"alias/ghp_16C7e42F292c6912E7710c838347Ae178B4a", "alias/", "alias/a b",
		"arn:aws:kms:us-east-1:123456789012:key/not-a-key-id",
		"arn:aws:kms:us-east-1:123456789012:alias/AKIAIOSFODNN7EXAMPLE1234",
		"arn:aws:iam::123456789012:role/emr", "s3://bucket/logs", "SSE-KMS;rm",
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "-----BEGIN RSA PRIVATE KEY-----",
	}
	for _, s := range hidden {
		assert.False(t, TaintShowable(s), s)
	}
}

// Every tainted string that is not showable displays as where it came
// from, through every rendering a message uses; an untainted one as
// itself. Strings are drawn at random from alphabets that mix secrets'
// characters with those of the showable shapes, so near misses occur.
func TestTaintedNonMatchingValuesAreNeverShown(t *testing.T) {
	alphabets := []string{
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
		"emr-0123456789.",
		"arn:aws:kms:us-east-1:123456789012:key/abcdef0123456789-",
		"alias/abcXYZ019_-",
		"SSE-KMSCustomPEM_ \n\t\"\\",
		"0123456789./:",
	}
	r := rand.New(rand.NewSource(1))
	checked := 0
	for i := 0; i < 20000; i++ {
		a := alphabets[r.Intn(len(alphabets))]
		n := 1 + r.Intn(48)
		var b strings.Builder
		for j := 0; j < n; j++ {
			b.WriteByte(a[r.Intn(len(a))])
		}
		s := b.String()
		v := tainted(s)
		if TaintShowable(s) {
			assert.Equal(t, strconv.Quote(s), v.Display())
			continue
		}
		checked++
		want := "(value read from file secrets.txt)"
		assert.Equal(t, want, v.Display(), s)
		assert.Equal(t, want, v.ShownText(), s)
		obj := NewObject()
		obj.SetTaint("file secrets.txt")
		obj.Set(s, NewString("x"))
		assert.Equal(t, want, obj.KeyDisplay(s), s)
		assert.Equal(t, want, obj.ShownKey(s), s)
		found := map[string]string{}
		obj.TaintedStrings(found)
		if s != "" {
			assert.Equal(t, "file secrets.txt", found[s], s)
		}
		assert.Equal(t, strconv.Quote(s), NewString(s).Display(), "untainted text is shown")
	}
	assert.Greater(t, checked, 10000)
}

func TestTaintDoesNotOverrideOtherRedaction(t *testing.T) {
	v := tainted("hunter2")
	v.Sensitive = true
	assert.Equal(t, "(sensitive value)", v.Display())
	assert.Equal(t, "(sensitive value)", v.ShownText())
	u := NewUnknown("file(\"x\")")
	u.SetTaint("file x")
	assert.Equal(t, "(known after apply)", u.Display())
	n := NewNumber("42")
	n.SetTaint("file x")
	assert.Equal(t, "42", n.Display(), "a number is shown")
	bv := NewBool(true)
	bv.SetTaint("file x")
	assert.Equal(t, "true", bv.Display(), "a boolean is shown")
	var nilV *Value
	assert.Equal(t, "not set", nilV.Display())
}

func TestMarkTaintedKeepsSources(t *testing.T) {
	doc := NewObject()
	inner := NewString("v")
	inner.SetTaint("file inner.json")
	doc.Set("k", inner)
	doc.Set("l", NewList(NewString("x")))
	doc.MarkTainted("file doc.json")
	assert.Equal(t, "file doc.json", doc.Taint())
	assert.Equal(t, "file inner.json", doc.Get("k").Taint())
	assert.Equal(t, "file doc.json", doc.Get("l", 0).Taint())
}

func TestTaintNameLike(t *testing.T) {
	for _, s := range []string{"prod", "analytics-eu", "team_a.emr", "c1", "EmrCluster"} {
		assert.True(t, TaintNameLike(s), s)
	}
	for _, s := range []string{"", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "AKIAIOSFODNN7EXAMPLE", "a b", "x/y",
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", strings.Repeat("a", 65), "-lead"} {
		assert.False(t, TaintNameLike(s), s)
	}
}
