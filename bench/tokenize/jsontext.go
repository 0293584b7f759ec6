//go:build goexperiment.jsonv2

package main

import (
	"encoding/json/jsontext"
	"errors"
	"io"
)

func init() {
	jsontextModes["tokens"] = validateJSONText
	jsontextModes["skip"] = skipJSONText
}

// validateJSONText reads every token of one JSON value with a
// jsontext.Decoder (which checks the grammar and UTF-8 as it goes) and
// rejects anything after it. ReadToken is the token-by-token interface the
// loader would need: it must see keys and values one at a time to decide
// what to keep.
func validateJSONText(r io.Reader) error {
	d := jsontext.NewDecoder(r)
	for {
		if _, err := d.ReadToken(); err != nil {
			return err
		}
		if d.StackDepth() == 0 {
			break
		}
	}
	if _, err := d.ReadToken(); !errors.Is(err, io.EOF) {
		return errors.New("data after the top-level value")
	}
	return nil
}
