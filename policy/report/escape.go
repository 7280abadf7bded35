package report

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxText is the most characters of any one string (a name, an address, a message) a report
// prints; the rest is cut and counted. Plan strings are the pull request's to choose.
const MaxText = 1000

// clip cuts s after MaxText characters and says how many it left out.
func clip(s string) string {
	if len(s) <= MaxText {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxText {
			return s[:i] + fmt.Sprintf("… (%d more characters)", utf8.RuneCountInString(s[i:]))
		}
		n++
	}
	return s
}

// plain makes a string safe to print on one line of a terminal or CI log: it is clipped,
// control characters (C0, DEL, C1), line and paragraph separators, bidirectional controls and
// invalid UTF-8 are written as visible escapes (\n, \x1b, \u202e), and a leading "::" (which a
// GitHub Actions runner would read as a workflow command) is written as \x3a:.
func plain(s string) string { return plainUnclipped(clip(s)) }

func plainUnclipped(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return neutraliseCommand(b.String())
}

func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			if c < 0x80 {
				return false
			}
			// Non-ASCII: look at it rune by rune.
			for _, r := range s[i:] {
				if r == utf8.RuneError || r < 0x20 || r == 0x7f || unsafeRune(r) {
					return false
				}
			}
			break
		}
	}
	return !strings.HasPrefix(strings.TrimLeft(s, " \t"), "::")
}

// unsafeRune: C1 controls, line and paragraph separators, bidirectional formatting characters
// (which can make a line read other than it is) and the byte-order mark.
func unsafeRune(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f,
		r == 0x061c, r == 0x200e, r == 0x200f,
		r >= 0x2028 && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069,
		r == 0xfeff:
		return true
	}
	return false
}

// neutraliseCommand rewrites a leading "::" (after spaces and tabs, which the runner skips) as
// `\x3a:`.
func neutraliseCommand(s string) string {
	t := strings.TrimLeft(s, " \t")
	if !strings.HasPrefix(t, "::") {
		return s
	}
	return s[:len(s)-len(t)] + `\x3a` + t[1:]
}

// neutraliseLines applies neutraliseCommand to every line of a rendered plain-text report, so
// no line of it (whatever put it there) starts a GitHub Actions workflow command.
func neutraliseLines(s string) string {
	if !strings.Contains(s, "::") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = neutraliseCommand(l)
	}
	return strings.Join(lines, "\n")
}

// md escapes text for a Markdown paragraph or table cell of a GitHub comment: plain first (one
// line, no control characters), then the characters that make Markdown (\ ` * _ [ ] ! | ~ $)
// are backslash-escaped (no links, images, emphasis, tables, math), <, > and & become entities
// (no HTML), a zero-width space follows @ and a # before a digit (no @mentions, no team pings, no
// email autolinks, no issue references), and "://" and "www." lose their autolink. For text
// inside a line (a table cell, after a label); mdBlock for text that starts a line.
func md(s string) string {
	var b strings.Builder
	mdTo(&b, plain(s), 0)
	return b.String()
}

// mdBlock is md for text that starts a line (a paragraph, a quote, a list item): a start that
// would open a block (heading, list, quote, thematic break) is escaped too.
func mdBlock(s string) string {
	s = plain(s)
	var b strings.Builder
	start := 0
	if len(s) > 0 && strings.IndexByte("-+=#>*_", s[0]) >= 0 {
		b.WriteByte('\\')
		b.WriteByte(s[0])
		start = 1
	} else if n := leadingDigits(s); n > 0 && n < len(s) && (s[n] == '.' || s[n] == ')') {
		b.WriteString(s[:n])
		b.WriteByte('\\')
		b.WriteByte(s[n])
		start = n + 1
	}
	mdTo(&b, s, start)
	return b.String()
}

func mdTo(b *strings.Builder, s string, start int) {
	b.Grow(len(s) + len(s)/4)
	for i := start; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '@':
			b.WriteString("@\u200b")
		case r == '#':
			b.WriteByte('#')
			if i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				b.WriteString("\u200b")
			}
		case r == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteString(`\:`)
		case r == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www"):
			b.WriteString(`\.`)
		case r < 0x80 && strings.IndexByte("\\`*_[]!|~$", byte(r)) >= 0:
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
}

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// mdCode makes text safe inside a Markdown code span in a table cell: plain, no backtick, and
// pipes escaped (GitHub splits table cells on | even inside code). Code spans are not searched
// for mentions, links or HTML.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`).Replace(plain(s))
}

// htmlText escapes text for an HTML element of the comment.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "@", "@\u200b").Replace(plain(s))
}

// ghData escapes the message of a workflow command: plain, then GitHub's own escapes.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(plain(s))
}

// ghProperty escapes a property value of a workflow command.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(plain(s))
}

// SafeLines makes multi-line text (an error message, a test's output) safe for a terminal or a
// CI log while keeping its lines: control characters other than newline and tab, and invalid
// UTF-8, are escaped as plain escapes them, and no line starts a workflow command.
func SafeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		parts := strings.Split(l, "\t")
		for j, p := range parts {
			parts[j] = plainUnclipped(p)
		}
		lines[i] = neutraliseCommand(strings.Join(parts, "\t"))
	}
	return strings.Join(lines, "\n")
}
