// Package glob matches resource addresses, rule ids and attribute paths against the globs of
// waivers, known-drift entries and usage files: * is any run of characters, ? one character, and
// everything else (brackets and quotes of instance keys included) is literal. Matching is linear
// in the pattern times the text (no backtracking blow-up on hostile globs).
package glob

// Match reports whether s matches pattern.
func Match(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
