//go:build goexperiment.jsonv2

package main

import (
	"encoding/json/jsontext"
	"errors"
	"io"
)

// skipJSONText skips the whole value with SkipValue, jsontext's fastest
// path (what the loader does for the irrelevant three quarters of a plan).
func skipJSONText(r io.Reader) error {
	d := jsontext.NewDecoder(r)
	if err := d.SkipValue(); err != nil {
		return err
	}
	if _, err := d.ReadToken(); !errors.Is(err, io.EOF) {
		return errors.New("data after the top-level value")
	}
	return nil
}
