package plan

import (
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// secretNames are attribute names whose string values are secrets even where a provider does
// not mark them sensitive (old providers, plans of format 0.1, hand-written fixtures).
var secretNames = map[string]bool{
	"password": true, "master_password": true, "admin_user_password": true,
	"secret": true, "secret_string": true, "secret_binary": true, "secret_key": true,
	"secret_access_key": true, "client_secret": true, "private_key": true, "private_key_pem": true,
	"private_key_openssh": true, "access_token": true, "auth_token": true, "api_key": true,
	"ses_smtp_password_v4": true, "token": true, "sensitive_content": true, "content_base64_sensitive": true,
}

// IsSecretName reports whether an attribute of this name holds a secret.
func IsSecretName(k string) bool {
	k = strings.ToLower(k)
	return secretNames[k] || strings.HasSuffix(k, "_password") || strings.HasSuffix(k, "_secret") || strings.HasSuffix(k, "_token")
}

// redactValue applies a sensitivity tree (true, or maps/lists of it, as in after_sensitive) and
// then the secret-name rule, returning the redacted value.
func redactValue(v any, sens any) any {
	if b, ok := sens.(bool); ok && b {
		if v == nil {
			return nil
		}
		return Redacted
	}
	switch vv := v.(type) {
	case map[string]any:
		sm, _ := sens.(map[string]any)
		for k, x := range vv {
			if IsSecretName(k) {
				if s, ok := x.(string); ok && s != "" {
					vv[k] = Redacted
					continue
				}
			}
			var sub any
			if sm != nil {
				sub = sm[k]
			}
			vv[k] = redactValue(x, sub)
		}
	case []any:
		sl, _ := sens.([]any)
		for i, x := range vv {
			var sub any
			if i < len(sl) {
				sub = sl[i]
			}
			vv[i] = redactValue(x, sub)
		}
	}
	return v
}

func redactTree(m map[string]any, sens any) {
	if m != nil {
		redactValue(m, sens)
	}
}

// redactExpression drops constant values of secret-named attributes from configuration.
func redactExpression(key string, e *tfjson.Expression) {
	if e == nil || e.ExpressionData == nil {
		return
	}
	if IsSecretName(key) && e.ConstantValue != nil {
		if _, isBool := e.ConstantValue.(bool); !isBool {
			e.ConstantValue = Redacted
		}
	}
	for _, nb := range e.NestedBlocks {
		for k, ne := range nb {
			redactExpression(k, ne)
		}
	}
}
