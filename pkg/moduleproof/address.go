package moduleproof

import "strings"

// configAddress drops the instance keys of an address
// (module.emr["a"].aws_emr_cluster.this[0] → module.emr.aws_emr_cluster.this):
// a verdict is about a resource block whatever instances the inputs make.
// Quoted keys may hold any character, escaped as Terraform prints them.
func configAddress(addr string) string {
	var b strings.Builder
	for i := 0; i < len(addr); i++ {
		if addr[i] != '[' {
			b.WriteByte(addr[i])
			continue
		}
		j := i + 1
		if j < len(addr) && addr[j] == '"' {
			j++
			for j < len(addr) && addr[j] != '"' {
				if addr[j] == '\\' {
					j++
				}
				j++
			}
			j++ // closing quote
		}
		for j < len(addr) && addr[j] != ']' {
			j++
		}
		i = j
	}
	return b.String()
}
