package plan

import (
	"encoding/json"
	"strings"
	"sync"

	gojson "github.com/goccy/go-json"
	tfjson "github.com/hashicorp/terraform-json"
)

// secretNames are attribute, map and tag keys whose values are secrets even where a provider does
// not mark them sensitive (old providers, plans of format 0.1, hand-written fixtures, literals in
// the configuration, environment variables). Names are compared normalised: lower case, with
// '-', '.' and ' ' read as '_' (api-key, AWS_SECRET_ACCESS_KEY, X-Auth-Token).
var secretNames = map[string]bool{
	"password": true, "passwd": true, "master_password": true, "admin_user_password": true,
	"secret": true, "secret_string": true, "secret_binary": true, "secret_key": true,
	"secret_access_key": true, "client_secret": true, "private_key": true, "private_key_pem": true,
	"private_key_openssh": true, "access_token": true, "auth_token": true, "api_key": true, "apikey": true,
	"ses_smtp_password_v4": true, "token": true, "sensitive_content": true, "content_base64_sensitive": true,
	"connection_string": true,
}

// secretSuffixes end names of secrets: db_password, aws_secret_access_key, github-token.
var secretSuffixes = []string{"_password", "_passwd", "_secret", "_token", "_api_key", "_apikey", "_secret_key", "_secret_access_key", "_private_key"}

// IsSecretName reports whether an attribute, map key or tag key of this name holds a secret.
func IsSecretName(k string) bool {
	n := strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', ' ':
			return '_'
		}
		return r
	}, strings.ToLower(k))
	if secretNames[n] {
		return true
	}
	for _, s := range secretSuffixes {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	return false
}

// redactValue applies a sensitivity tree (true, or maps/lists of it, as in after_sensitive) and
// then the secret-name rule, returning the redacted value. Maps and lists are redacted in place.
func redactValue(v any, sens any) any {
	if whole(sens) {
		if v == nil {
			return nil
		}
		return Redacted
	}
	switch vv := v.(type) {
	case map[string]any:
		sm, _ := sens.(map[string]any)
		for k, x := range vv {
			if x != nil && IsSecretName(k) {
				if _, isBool := x.(bool); !isBool {
					vv[k] = Redacted
					continue
				}
			}
			vv[k] = redactValue(x, sm[k])
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

// whole reports whether a sensitivity mark hides a value as a whole: true, or a mark this reader
// does not understand (anything but a boolean, an object or a list of marks).
func whole(sens any) bool {
	switch s := sens.(type) {
	case nil:
		return false
	case bool:
		return s
	case map[string]any, []any:
		return false
	}
	return true
}

// redactObject redacts the values of one resource (or action) instance by marks. A mark of the
// whole object hides every attribute's value, not the object: its attribute names stay, so that
// the resource is still a resource and is judged. It reports whether the whole was hidden.
func redactObject(v map[string]any, sens any) bool {
	if v == nil {
		return whole(sens)
	}
	if whole(sens) {
		for k, x := range v {
			if x != nil {
				v[k] = Redacted
			}
		}
		return true
	}
	redactValue(v, sens)
	return false
}

// redactInstance redacts a change's before or after value, an object or null.
func redactInstance(v any, sens any) (any, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, redactObject(m, sens)
	}
	return redactValue(v, sens), whole(sens)
}

// unionMarks merges two sensitivity trees: a value is sensitive when either marks it.
func unionMarks(a, b any) any {
	if a == nil || a == false {
		return b
	}
	if b == nil || b == false {
		return a
	}
	if whole(a) || whole(b) {
		return true
	}
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			return true // a map marked as a list: read as the whole
		}
		out := make(map[string]any, len(av)+len(bv))
		for k, x := range av {
			out[k] = x
		}
		for k, x := range bv {
			out[k] = unionMarks(out[k], x)
		}
		return out
	case []any:
		bv, ok := b.([]any)
		if !ok {
			return true
		}
		n := max(len(av), len(bv))
		out := make([]any, n)
		for i := range n {
			var x, y any
			if i < len(av) {
				x = av[i]
			}
			if i < len(bv) {
				y = bv[i]
			}
			out[i] = unionMarks(x, y)
		}
		return out
	}
	return true
}

// hasMark reports whether a sensitivity tree marks anything sensitive.
func hasMark(sens any) bool {
	switch v := sens.(type) {
	case nil:
		return false
	case bool:
		return v
	case map[string]any:
		for _, x := range v {
			if hasMark(x) {
				return true
			}
		}
		return false
	case []any:
		for _, x := range v {
			if hasMark(x) {
				return true
			}
		}
		return false
	}
	return true
}

func decodeSensitive(raw json.RawMessage) any {
	switch string(raw) { // the common cases, without a decoder
	case "", "null":
		return nil
	case "{}":
		return map[string]any{}
	case "false":
		return false
	}
	var v any
	if gojson.Unmarshal(raw, &v) != nil {
		// Unreadable sensitivity marks: treat the whole value as sensitive rather than guess.
		return true
	}
	return v
}

// redaction is the outcome of redact: the addresses whose values a whole-object mark hid.
type redaction struct {
	hidden map[string]bool
}

// redact replaces every sensitive value of the plan, in every part, before anything indexes it.
//
// A resource instance's marks are the union of all the plan says about it: sensitive_values in
// planned_values and prior_state, before_sensitive and after_sensitive in resource_changes and
// resource_drift (Terraform 1.1 marks some values in resource_changes only); that union is applied
// to each of its values. Secret-like names (IsSecretName) are redacted wherever they key a value,
// at any depth. The configuration's literals are redacted by the marks of the resources they
// configure (by configuration address), by the sensitivity of the variables and outputs they set,
// and by name; so are variables and outputs.
func redact(tp *tfjson.Plan) redaction {
	// The marks of every instance, from every part.
	marks := map[string]any{}
	stateMarks := map[*tfjson.StateResource]any{}
	addMarks := func(addr string, m any) {
		if hasMark(m) { // most resources mark nothing: {} or false
			marks[addr] = unionMarks(marks[addr], m)
		}
	}
	stateParts := []*tfjson.StateValues{tp.PlannedValues}
	if tp.PriorState != nil {
		stateParts = append(stateParts, tp.PriorState.Values)
	}
	// The state parts' resources, in one range per core (planned_values is most of a plan).
	var srs []*tfjson.StateResource
	for _, sv := range stateParts {
		if sv != nil {
			walkState(sv.RootModule, func(sr *tfjson.StateResource) { srs = append(srs, sr) })
		}
	}
	decoded := make([]any, len(srs))
	onEveryCore(len(srs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			decoded[i] = decodeSensitive(srs[i].SensitiveValues)
		}
	})
	for i, sr := range srs {
		if m := decoded[i]; hasMark(m) {
			stateMarks[sr] = m
			addMarks(sr.Address, m)
		}
	}
	changes := changeLists(tp)
	for _, rcs := range changes {
		for _, rc := range rcs {
			if rc != nil && rc.Change != nil {
				addMarks(instanceKey(rc), rc.Change.BeforeSensitive)
				addMarks(instanceKey(rc), rc.Change.AfterSensitive)
			}
		}
	}

	// The values: the states' on every core, each list of changes on a goroutine of its own; each
	// records what a whole mark hid.
	var (
		mu     sync.Mutex
		hidden = map[string]bool{}
		wg     sync.WaitGroup
	)
	hide := func(addr string) {
		mu.Lock()
		hidden[addr] = true
		mu.Unlock()
	}
	wg.Go(func() {
		onEveryCore(len(srs), func(lo, hi int) {
			for _, sr := range srs[lo:hi] {
				m := marks[sr.Address]
				if sr.DeposedKey != "" {
					m = stateMarks[sr] // a deposed object shares its address, not its marks
				}
				if redactObject(sr.AttributeValues, m) {
					hide(sr.Address)
				}
			}
		})
	})
	for _, rcs := range changes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, rc := range rcs {
				if rc == nil || rc.Change == nil {
					continue
				}
				m := marks[instanceKey(rc)]
				c := rc.Change
				var hb, ha bool
				c.Before, hb = redactInstance(c.Before, m)
				c.After, ha = redactInstance(c.After, m)
				if (hb || ha) && rc.DeposedKey == "" {
					hide(rc.Address)
				}
			}
		}()
	}
	wg.Wait()

	for _, ai := range tp.ActionInvocations {
		if ai != nil {
			ai.ConfigValues = redactValue(ai.ConfigValues, ai.ConfigSensitive)
		}
	}
	redactConfig(tp, marks)
	redactVariablesAndOutputs(tp)
	return redaction{hidden: hidden}
}

// changeLists are the parts of a plan that hold resource changes.
func changeLists(tp *tfjson.Plan) [][]*tfjson.ResourceChange {
	out := [][]*tfjson.ResourceChange{tp.ResourceChanges, tp.ResourceDrift}
	var deferred []*tfjson.ResourceChange
	for _, d := range tp.DeferredChanges {
		if d != nil && d.ResourceChange != nil {
			deferred = append(deferred, d.ResourceChange)
		}
	}
	return append(out, deferred)
}

// instanceKey is the key of an instance's marks: its address, and a deposed object's key.
func instanceKey(rc *tfjson.ResourceChange) string {
	if rc.DeposedKey != "" {
		return rc.Address + " deposed " + rc.DeposedKey
	}
	return rc.Address
}

// redactConfig redacts the literals of the configuration, in every module: resource and
// provisioner arguments by the marks of the resource's instances and by name, provider arguments
// by name, module inputs by the called module's sensitive variables and by name, sensitive
// variables' defaults and sensitive outputs' expressions.
func redactConfig(tp *tfjson.Plan, marks map[string]any) {
	if tp.Config == nil {
		return
	}
	// The marks of a configuration address are those of all its instances.
	byConfig := map[string]any{}
	for addr, m := range marks {
		if i := strings.Index(addr, " deposed "); i >= 0 {
			addr = addr[:i]
		}
		ca := StripKeys(addr)
		byConfig[ca] = unionMarks(byConfig[ca], m)
	}
	for _, pc := range tp.Config.ProviderConfigs {
		if pc != nil {
			redactExpressions(pc.Expressions, nil)
		}
	}
	var walk func(m *tfjson.ConfigModule, prefix string, depth int)
	walk = func(m *tfjson.ConfigModule, prefix string, depth int) {
		if m == nil || depth > 100 {
			return
		}
		for name, v := range m.Variables {
			if v == nil {
				continue
			}
			if v.Sensitive || IsSecretName(name) {
				v.Default = redactValue(v.Default, true)
			} else {
				v.Default = redactValue(v.Default, nil)
			}
		}
		for _, o := range m.Outputs {
			if o == nil {
				continue
			}
			if o.Sensitive {
				redactExpression(o.Expression, true)
			} else {
				redactExpression(o.Expression, nil)
			}
		}
		for _, r := range m.Resources {
			if r == nil {
				continue
			}
			m := byConfig[prefix+r.Address]
			redactExpressions(r.Expressions, m)
			redactExpression(r.CountExpression, nil)
			redactExpression(r.ForEachExpression, nil)
			for _, p := range r.Provisioners {
				if p != nil {
					redactExpressions(p.Expressions, nil)
				}
			}
		}
		for name, mc := range m.ModuleCalls {
			if mc == nil {
				continue
			}
			for k, e := range mc.Expressions {
				var sens any
				if mc.Module != nil {
					if v := mc.Module.Variables[k]; v != nil && v.Sensitive {
						sens = true
					}
				}
				if IsSecretName(k) {
					sens = true
				}
				redactExpression(e, sens)
			}
			redactExpression(mc.CountExpression, nil)
			redactExpression(mc.ForEachExpression, nil)
			walk(mc.Module, prefix+"module."+name+".", depth+1)
		}
	}
	walk(tp.Config.RootModule, "", 0)
}

// redactExpressions redacts a block's arguments by the block's marks and by name.
func redactExpressions(es map[string]*tfjson.Expression, sens any) {
	sm, _ := sens.(map[string]any)
	for k, e := range es {
		var sub any
		if sm != nil {
			sub = sm[k]
		}
		if whole(sens) || IsSecretName(k) && !boolLiteral(e) {
			// A boolean under a secret-like name is a flag, not a secret.
			sub = true
		}
		redactExpression(e, sub)
	}
}

// redactExpression redacts an expression's constant value (walking nested maps and lists by
// marks and names) and its nested blocks, by marks: a block's marks are a list, one per block.
func redactExpression(e *tfjson.Expression, sens any) {
	if e == nil {
		return
	}
	if e.ExpressionData == nil {
		return
	}
	// An expression that refers to something holds no literal (terraform-json's sentinel).
	if e.ConstantValue != nil && e.ConstantValue != tfjson.UnknownConstantValue {
		e.ConstantValue = redactValue(e.ConstantValue, sens)
	}
	sl, _ := sens.([]any)
	for i, nb := range e.NestedBlocks {
		sub := sens
		if sl != nil {
			sub = nil
			if i < len(sl) {
				sub = sl[i]
			}
		}
		redactExpressions(nb, sub)
	}
}

func boolLiteral(e *tfjson.Expression) bool {
	if e == nil || e.ExpressionData == nil {
		return false
	}
	_, ok := e.ConstantValue.(bool)
	return ok
}

// redactVariablesAndOutputs redacts the root module's input variables (declared sensitive, or
// secret-named, and secret-named keys within), and the outputs and output changes marked
// sensitive.
func redactVariablesAndOutputs(tp *tfjson.Plan) {
	sensitiveVars := map[string]bool{}
	sensitiveOutputs := map[string]bool{}
	if tp.Config != nil && tp.Config.RootModule != nil {
		for name, v := range tp.Config.RootModule.Variables {
			if v != nil && v.Sensitive {
				sensitiveVars[name] = true
			}
		}
		for name, o := range tp.Config.RootModule.Outputs {
			if o != nil && o.Sensitive {
				sensitiveOutputs[name] = true
			}
		}
	}
	for name, v := range tp.Variables {
		if v == nil || v.Value == nil {
			continue
		}
		if sensitiveVars[name] || IsSecretName(name) {
			v.Value = Redacted
		} else {
			v.Value = redactValue(v.Value, nil)
		}
	}
	for _, sv := range []*tfjson.StateValues{tp.PlannedValues, priorValues(tp)} {
		if sv == nil {
			continue
		}
		for name, o := range sv.Outputs {
			if o == nil {
				continue
			}
			if o.Sensitive {
				sensitiveOutputs[name] = true
				o.Value = redactValue(o.Value, true)
			} else {
				o.Value = redactValue(o.Value, nil)
			}
		}
	}
	for name, oc := range tp.OutputChanges {
		if oc == nil {
			continue
		}
		var extra any
		if sensitiveOutputs[name] {
			extra = true
		}
		oc.Before = redactValue(oc.Before, unionMarks(oc.BeforeSensitive, extra))
		oc.After = redactValue(oc.After, unionMarks(oc.AfterSensitive, extra))
	}
}

func priorValues(tp *tfjson.Plan) *tfjson.StateValues {
	if tp.PriorState == nil {
		return nil
	}
	return tp.PriorState.Values
}
