package plan

import "io"

// Validate reads one JSON document from r with the loader's scanner and
// keeps nothing: it checks the grammar, UTF-8, nesting depth and that
// nothing follows the document, as Load does, without decoding a value.
// It is the raw tokenising cost of Load, which bench/tokenize and the
// benchmarks compare with encoding/json.Valid; errors are those of Load
// (ErrInvalidJSON, ErrTruncated, or the reader's).
func Validate(r io.Reader) error {
	s := newScanner(r)
	if err := s.skip(); err != nil {
		return err
	}
	eof, err := s.atEOF()
	if err != nil {
		return err
	}
	if !eof {
		return s.errf("unexpected data after the top-level value")
	}
	return nil
}
