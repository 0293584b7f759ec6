package plan

import (
	"strings"

	"github.com/tfemrcheck/tfemrcheck/pkg/model"
)

// providerRegion is the region of provider configuration key
// (configuration.provider_config): known for a literal, unknown (blocked
// by its references) for an expression. nil when the configuration sets
// no region (it comes from the environment), also for a provider block
// inside a module (an entry with module_address and no expressions).
// Terraform resolves provider_config_key through aliases and module
// providers maps itself, so no inheritance is followed here.
func (d *document) providerRegion(key string) *model.Value {
	if key == "" {
		return nil
	}
	expr := d.providers.get(key).get("expressions").get("region")
	if expr == nil {
		return nil
	}
	if c := expr.get("constant_value"); c != nil {
		if c.kind == nString {
			return model.NewString(c.str)
		}
		return nil
	}
	refs := expr.get("references").strings()
	if len(refs) == 0 {
		return nil
	}
	// A root provider block's region = var.x: the plan holds the value.
	if name, ok := strings.CutPrefix(refs[0], "var."); ok && !d.providers.get(key).has("module_address") {
		if v := d.variables.get(name).get("value"); v != nil && v.kind == nString {
			return model.NewString(v.str)
		}
	}
	return model.NewUnknown(refs[0])
}
