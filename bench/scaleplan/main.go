// Command scaleplan makes a larger plan from a real one generated from
// ../shared/bench/big-plan: it repeats every module instance N times under
// new for_each keys, in resource_changes and planned_values alike, so the
// output has the structure terraform gives for N times the environments
// (the configuration section is shared, as in terraform's own output).
//
//	go run ./bench/scaleplan -n 5 big-8k.plan.json > big-40k.plan.json
//
// It exists because terraform needs a long time to plan 40,000 resources;
// bench/gen-plans.sh still makes the real one when there is time.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	n := flag.Int("n", 5, "how many copies of each module instance")
	flag.Parse()
	if flag.NArg() != 1 || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: scaleplan [-n N] PLAN.json > OUT.json")
		os.Exit(2)
	}
	data, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "scaleplan:", err)
		os.Exit(1)
	}
	var plan map[string]json.RawMessage
	if err := json.Unmarshal(data, &plan); err != nil {
		fmt.Fprintln(os.Stderr, "scaleplan:", err)
		os.Exit(1)
	}
	// Copy i of a module instance gets the key suffix "-cI"; copy 0 keeps
	// its key, so the original plan is a subset of the output.
	rename := func(raw json.RawMessage, i int) json.RawMessage {
		if i == 0 {
			return raw
		}
		s := string(raw)
		s = strings.ReplaceAll(s, `module.emr[\"env`, fmt.Sprintf(`module.emr[\"c%d-env`, i))
		return json.RawMessage(s)
	}
	var changes []json.RawMessage
	if err := json.Unmarshal(plan["resource_changes"], &changes); err != nil {
		fmt.Fprintln(os.Stderr, "scaleplan: resource_changes:", err)
		os.Exit(1)
	}
	var out []json.RawMessage
	for i := 0; i < *n; i++ {
		for _, c := range changes {
			out = append(out, rename(c, i))
		}
	}
	plan["resource_changes"], _ = json.Marshal(out)

	var pv struct {
		RootModule struct {
			ChildModules []json.RawMessage `json:"child_modules"`
		} `json:"root_module"`
	}
	if err := json.Unmarshal(plan["planned_values"], &pv); err == nil {
		var mods []json.RawMessage
		for i := 0; i < *n; i++ {
			for _, m := range pv.RootModule.ChildModules {
				mods = append(mods, rename(m, i))
			}
		}
		root := map[string]any{"child_modules": mods}
		plan["planned_values"], _ = json.Marshal(map[string]any{"root_module": root})
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(plan); err != nil {
		fmt.Fprintln(os.Stderr, "scaleplan:", err)
		os.Exit(1)
	}
}
