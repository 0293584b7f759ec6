package runtask

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"strings"
)

// Sign returns the X-TFC-Task-Signature value for body: the hex
// HMAC-SHA512 of the body under key, as the platform computes it.
func Sign(key, body []byte) string {
	mac := hmac.New(sha512.New, key)
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// ValidSignature reports whether header is the signature of body under
// key. The comparison takes constant time; an empty or malformed header
// is invalid.
func ValidSignature(key, body []byte, header string) bool {
	got, err := hex.DecodeString(strings.TrimSpace(header))
	if err != nil || len(got) != sha512.Size {
		return false
	}
	mac := hmac.New(sha512.New, key)
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}
