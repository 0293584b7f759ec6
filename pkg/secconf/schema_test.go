package secconf

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSchemaIsClosed(t *testing.T) {
	s := Schema()
	// Every object-typed key (and array of objects) has its own entry, and
	// every entry is reachable from a parent.
	for path, obj := range s {
		for key, f := range obj.Fields {
			child := ChildPath(path, key)
			switch {
			case f.Type == Object:
				assert.Contains(t, s, child, "object %s has no schema", child)
			case f.Type == Array && f.Elem == Object:
				assert.Contains(t, s, child+"[]", "array %s has no element schema", child)
			}
			if f.AliasOf != "" {
				assert.Contains(t, obj.Fields, f.AliasOf, "alias %s of unknown key", child)
			}
		}
		if path == PathRoot {
			continue
		}
		parent, key := path, ""
		parent = strings.TrimSuffix(parent, "[]")
		if i := strings.LastIndex(parent, "."); i >= 0 {
			parent, key = parent[:i], parent[i+1:]
		} else {
			parent, key = PathRoot, parent
		}
		require.Contains(t, s, parent, path)
		assert.Contains(t, s[parent].Fields, key, path)
	}
}

func TestSchemaKnowsDocumentedKeys(t *testing.T) {
	s := Schema()
	assert.Equal(t, Bool, s[PathEncryption].Fields["EnableAtRestEncryption"].Type)
	assert.Equal(t, "S3Object", s[PathS3].Fields["CustomProviderLocation"].AliasOf)
	assert.Equal(t, "EncryptionKeyProviderClass", s[PathS3Overrides].Fields["CustomProviderClass"].AliasOf)
	assert.Contains(t, s[PathIdentityCenter].Fields, "IdentityCenterApplicationAssigmentRequired")
	assert.Contains(t, s[PathIdentityCenter].Fields, "IdentityCenterApplicationAssignmentRequired")
	assert.True(t, s[PathIdentityCenter].Open)
	assert.Equal(t, Integer, s[PathIMDS].Fields["HttpPutResponseHopLimit"].Type)
	assert.Contains(t, s[PathLakeFormation0].Fields, "IdpMetadataS3Path")
	assert.NotContains(t, s[PathEncryption].Fields, "ClusterTrafficPolicy")
	// A fresh map each call: changing one does not change the next.
	s[PathRoot].Fields["X"] = Field{Type: String}
	assert.NotContains(t, Schema()[PathRoot].Fields, "X")
}
