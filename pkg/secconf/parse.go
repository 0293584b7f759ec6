// Package secconf parses an EMR security-configuration JSON document into
// the model, keeping the source position of every key, and describes the
// document's schema (reference §1).
package secconf

import "github.com/tfemrcheck/tfemrcheck/pkg/model"

// Parse parses text as a JSON object. Each key's value gets a Range: the
// position of the key inside text, moved by base when base is non-nil
// (base.Start is where text begins in the source file; for a heredoc or a
// string literal pass the position of the first character of the text).
// Strings inside the document are never sensitive.
//
// Invalid JSON, a non-object top level, invalid UTF-8 or nesting deeper than
// MaxDepth gives a *model.ParseError with the parser's position.
func Parse(text []byte, base *model.Range) (*model.Value, *model.ParseError) {
	return parse(text, base)
}

// MaxDepth bounds nesting so hostile input cannot exhaust the stack.
const MaxDepth = 64
