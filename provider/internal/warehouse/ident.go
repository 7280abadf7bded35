package warehouse

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// MaxIdentifierBytes is the longest identifier both engines keep verbatim: PostgreSQL truncates
// names longer than 63 bytes (NAMEDATALEN-1); Redshift allows 127. We reject anything longer
// rather than let PostgreSQL silently truncate it.
const MaxIdentifierBytes = 63

// Quote is the one function that turns a name into SQL: a double-quoted identifier with embedded
// double quotes doubled. Every schema, table, column, view and role name the provider sends to the
// warehouse goes through it, so any name is either created verbatim or rejected by CheckIdentifier
// before it reaches SQL; nothing in a name is ever executed.
func Quote(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// QualifiedName quotes schema and name and joins them with a dot.
func QualifiedName(schema, name string) string {
	return Quote(schema) + "." + Quote(name)
}

// CheckIdentifier reports why name cannot be an identifier on both engines: empty, longer than
// MaxIdentifierBytes, not UTF-8, or holding a NUL or another control character (which PostgreSQL
// rejects or which cannot be shown in a plan). Everything else — quotes, semicolons, `--`,
// spaces, unicode, reserved words — is a legal quoted identifier and is kept verbatim.
func CheckIdentifier(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("must not be empty")
	case !utf8.ValidString(name):
		return fmt.Errorf("must be valid UTF-8")
	case len(name) > MaxIdentifierBytes:
		return fmt.Errorf("is %d bytes long; the limit is %d bytes (PostgreSQL would truncate it)", len(name), MaxIdentifierBytes)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return fmt.Errorf("contains the control character %U", r)
		}
	}
	return nil
}

type identifierValidator struct{}

// IdentifierValidator rejects at `terraform validate` a name that CheckIdentifier refuses.
func IdentifierValidator() validator.String { return identifierValidator{} }

func (identifierValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a non-empty UTF-8 SQL identifier of at most %d bytes without control characters", MaxIdentifierBytes)
}

func (v identifierValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (identifierValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := CheckIdentifier(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid SQL identifier",
			fmt.Sprintf("The name %q %s.", req.ConfigValue.ValueString(), err))
	}
}

// SplitQualified splits an import id "schema.name". The first unquoted dot separates the parts;
// a part may be double-quoted (with "" for a quote) to hold dots itself: `"a.b"."c"`.
func SplitQualified(id string) (schema, name string, err error) {
	parts, err := splitIdent(id)
	if err != nil {
		return "", "", err
	}
	if len(parts) != 2 {
		return "", "", fmt.Errorf("expected <schema>.<name> (quote a part holding a dot: \"a.b\".c), got %q", id)
	}
	for _, p := range parts {
		if err := CheckIdentifier(p); err != nil {
			return "", "", fmt.Errorf("name %q %w", p, err)
		}
	}
	return parts[0], parts[1], nil
}

// SplitQualifiedN splits an import id of dot-separated names (quoted as in SplitQualified) and
// accepts between minParts and maxParts of them; usage names the expected form in the error.
func SplitQualifiedN(id string, minParts, maxParts int, usage string) ([]string, error) {
	parts, err := splitIdent(id)
	if err != nil {
		return nil, err
	}
	if len(parts) < minParts || len(parts) > maxParts {
		return nil, fmt.Errorf("expected %s (quote a part holding a dot: \"a.b\".c), got %q", usage, id)
	}
	for _, p := range parts {
		if err := CheckIdentifier(p); err != nil {
			return nil, fmt.Errorf("name %q %w", p, err)
		}
	}
	return parts, nil
}

func splitIdent(s string) ([]string, error) {
	var parts []string
	var cur strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '"' && cur.Len() == 0 {
			j := i + 1
			for {
				if j >= len(s) {
					return nil, fmt.Errorf("unterminated quote in %q", s)
				}
				if s[j] == '"' {
					if j+1 < len(s) && s[j+1] == '"' {
						cur.WriteByte('"')
						j += 2
						continue
					}
					break
				}
				cur.WriteByte(s[j])
				j++
			}
			i = j + 1
			if i < len(s) && s[i] != '.' {
				return nil, fmt.Errorf("unexpected text after a quoted name in %q", s)
			}
			continue
		}
		if s[i] == '.' {
			parts = append(parts, cur.String())
			cur.Reset()
			i++
			continue
		}
		cur.WriteByte(s[i])
		i++
	}
	parts = append(parts, cur.String())
	return parts, nil
}

// QualifiedID renders the import id of schema.name, quoting a part only when it needs it.
func QualifiedID(schema, name string) string {
	q := func(s string) string {
		if strings.ContainsAny(s, `."`) {
			return Quote(s)
		}
		return s
	}
	return q(schema) + "." + q(name)
}
