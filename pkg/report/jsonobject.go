package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// jsonObject writes the members of one object of a document that a
// jsonWriter streams, with the commas and the indentation of
// encoding/json's indented output (two spaces, no prefix); a member left
// out is simply not written, as omitempty leaves it out.
type jsonObject struct {
	jw *jsonWriter
	// level is the nesting level of the members.
	level, n int
}

// object opens an object whose members sit at nesting level.
func (jw *jsonWriter) object(level int) jsonObject {
	jw.raw("{")
	return jsonObject{jw: jw, level: level}
}

// key starts a member: the comma after the previous one, the line, the
// indentation and `"k": `.
func (o *jsonObject) key(k string) {
	if o.n > 0 {
		o.jw.raw(",")
	}
	o.jw.raw("\n")
	o.n++
	o.jw.indentTo(o.level)
	o.jw.buf = appendJSONString(o.jw.buf, k)
	o.jw.buf = append(o.jw.buf, ": "...)
}

// spaces is the indentation of the deepest level the formats write.
const spaces = "                                                                "

// indentTo writes the indentation of nesting level n.
func (jw *jsonWriter) indentTo(n int) {
	if 2*n <= len(spaces) {
		jw.buf = append(jw.buf, spaces[:2*n]...)
		return
	}
	jw.indent(n)
}

func (o *jsonObject) str(k, v string) {
	o.key(k)
	o.jw.buf = appendJSONString(o.jw.buf, v)
}

func (o *jsonObject) num(k string, v int) {
	o.key(k)
	o.jw.buf = strconv.AppendInt(o.jw.buf, int64(v), 10)
}

// end closes the object: "{}" when it has no member.
func (o *jsonObject) end() {
	if o.n > 0 {
		o.jw.raw("\n")
		o.jw.indentTo(o.level - 1)
	}
	o.jw.raw("}")
}

// jsonArray writes the elements of one array, as jsonObject does members.
type jsonArray struct {
	jw       *jsonWriter
	level, n int
}

// array opens an array whose elements sit at nesting level.
func (jw *jsonWriter) array(level int) jsonArray {
	jw.raw("[")
	return jsonArray{jw: jw, level: level}
}

// elem starts an element.
func (a *jsonArray) elem() {
	if a.n > 0 {
		a.jw.raw(",")
	}
	a.jw.raw("\n")
	a.n++
	a.jw.indentTo(a.level)
}

// end closes the array: "[]" when it has no element.
func (a *jsonArray) end() {
	if a.n > 0 {
		a.jw.raw("\n")
		a.jw.indentTo(a.level - 1)
	}
	a.jw.raw("]")
}

// encoded writes v, the value of a member whose key sits at nesting
// level, as encoding/json's Encoder (two-space indentation, no HTML
// escaping) writes it inside the whole document: for the small parts of a
// document (a rule list, a property bag), whose bytes then are the
// encoder's own.
func (jw *jsonWriter) encoded(level int, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(strings.Repeat("  ", level), "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	jw.buf = append(jw.buf, bytes.TrimSuffix(b.Bytes(), []byte("\n"))...)
	return nil
}
