package report

import "bytes"

// indent writes src, compact JSON as encoding/json marshals it, indented by two spaces as
// json.Indent(dst, src, "", "  ") indents it, followed by a newline (as json.Encoder ends a
// value). json.Indent runs a full scanner over every byte and was most of the time of writing a
// large report; the input here is known valid, so a string is the only state.
func indent(src []byte) []byte {
	return append(indentTo(make([]byte, 0, len(src)+len(src)/2), src, 0), '\n')
}

// indentTo appends src indented as the value of a field depth levels deep (its first line not
// indented), without the final newline.
func indentTo(out, src []byte, depth int) []byte {
	newline := func() {
		out = append(out, '\n')
		for range depth {
			out = append(out, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case '"':
			// Copy the string whole: up to its closing quote, escapes included.
			j := i + 1
			for {
				q := bytes.IndexByte(src[j:], '"')
				if q < 0 {
					return append(out, src[i:]...) // not JSON from encoding/json: leave it be
				}
				j += q
				bs := 0
				for k := j - 1; k > i && src[k] == '\\'; k-- {
					bs++
				}
				j++
				if bs%2 == 0 {
					break
				}
			}
			out = append(out, src[i:j]...)
			i = j - 1
		case '{', '[':
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				out = append(out, c, src[i+1]) // {} and [] stay on one line
				i++
				continue
			}
			out = append(out, c)
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			out = append(out, c)
		case ',':
			out = append(out, c)
			newline()
		case ':':
			out = append(out, c, ' ')
		default:
			out = append(out, c)
		}
	}
	return out
}
