package plan

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAwsccEMRIsNotedAsNotChecked: the SSE-C document through the awscc
// provider gives no finding; the plan's model says it was not checked
// rather than passing silently (issue 24.10).
func TestAwsccEMRIsNotedAsNotChecked(t *testing.T) {
	const doc = `{"format_version":"1.2","terraform_version":"1.11.0","resource_changes":[
{"address":"awscc_emr_security_configuration.sc","mode":"managed","type":"awscc_emr_security_configuration","name":"sc",
 "change":{"actions":["create"],"before":null,"after":{"name":"sc","security_configuration":"{\"EncryptionConfiguration\":{\"EnableAtRestEncryption\":true,\"AtRestEncryptionConfiguration\":{\"S3EncryptionConfiguration\":{\"EncryptionMode\":\"SSE-C\"}}}}"},"after_unknown":{},"after_sensitive":{}}}]}`
	m, err := Load(strings.NewReader(doc), "plan.json")
	require.NoError(t, err)
	require.Len(t, m.Notes, 1)
	assert.Equal(t, "awscc_emr_security_configuration.sc", m.Notes[0].Address)
	assert.Contains(t, m.Notes[0].Message, "is not checked")
}
