package plan

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// The redaction oracle. It does not read the redactor's list of places: it walks terraform-json's
// types by reflection, finds every field that can hold a value of the plan (interface{},
// map[string]interface{}, json.RawMessage), and requires each to be classified below by how the
// plan says the value is sensitive. It then builds a plan in which every such place holds marker
// secrets, made sensitive in the way its class says, reads it, and asserts that no marker
// survives anywhere in what the reader returns: the resources, the document user policies see,
// and the redacted terraform-json plan itself. A new field in terraform-json fails the test until
// it is classified.

// marker is the secret the oracle plants; visible is a value that must survive (so the test
// proves the places were reached).
const (
	marker  = "ORACLE-SECRET-7f3a"
	visible = "oracle-visible"
)

type placeClass int

const (
	// marksIn: the value is redacted by the sensitivity tree in the named sibling field.
	marksIn placeClass = iota + 1
	// flagIn: the whole value is sensitive when the named sibling boolean is true.
	flagIn
	// namesOnly: only secret-like keys (and the context: a variable's declaration, a resource's
	// marks for its configuration) say it is sensitive.
	namesOnly
	// marks: the field is itself a sensitivity (or unknown) tree, booleans only.
	marks
	// notSecret: the field cannot hold a sensitive value (Terraform refuses or never writes one
	// there); the reason says why.
	notSecret
)

type valuePlace struct {
	class   placeClass
	sibling string // the marks or flag field
	reason  string
}

// places classifies every value field of terraform-json's plan types, "Type.Field".
var places = map[string]valuePlace{
	"Change.Before":                    {class: marksIn, sibling: "BeforeSensitive"},
	"Change.After":                     {class: marksIn, sibling: "AfterSensitive"},
	"Change.AfterUnknown":              {class: marks},
	"Change.BeforeSensitive":           {class: marks},
	"Change.AfterSensitive":            {class: marks},
	"Change.ReplacePaths":              {class: notSecret, reason: "attribute paths, not values"},
	"Change.BeforeIdentity":            {class: notSecret, reason: "resource identity attributes cannot be sensitive"},
	"Change.AfterIdentity":             {class: notSecret, reason: "resource identity attributes cannot be sensitive"},
	"Importing.Identity":               {class: notSecret, reason: "resource identity attributes cannot be sensitive"},
	"StateResource.AttributeValues":    {class: marksIn, sibling: "SensitiveValues"},
	"StateResource.SensitiveValues":    {class: marks},
	"StateResource.IdentityValues":     {class: notSecret, reason: "resource identity attributes cannot be sensitive"},
	"StateResource.Index":              {class: notSecret, reason: "count index or for_each key: part of the address"},
	"ResourceChange.Index":             {class: notSecret, reason: "count index or for_each key: part of the address"},
	"StateOutput.Value":                {class: flagIn, sibling: "Sensitive"},
	"PlanVariable.Value":               {class: namesOnly},
	"ConfigVariable.Default":           {class: flagIn, sibling: "Sensitive"},
	"ExpressionData.ConstantValue":     {class: namesOnly},
	"ActionInvocation.ConfigValues":    {class: marksIn, sibling: "ConfigSensitive"},
	"ActionInvocation.ConfigSensitive": {class: marks},
	"ActionInvocation.ConfigUnknown":   {class: marks},
	"ResourceAttribute.Attribute":      {class: notSecret, reason: "attribute paths, not values"},
	"CheckDynamicAddress.InstanceKey":  {class: notSecret, reason: "count index or for_each key: part of the address"},
}

var rawMessage = reflect.TypeOf(json.RawMessage{})

// isValueField reports whether a field of this type holds plan data of any shape.
func isValueField(t reflect.Type) bool {
	switch {
	case t == rawMessage:
		return true
	case t.Kind() == reflect.Interface:
		return true
	case t.Kind() == reflect.Map && t.Elem().Kind() == reflect.Interface:
		return true
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Interface:
		return true
	case t.Kind() == reflect.Slice && t.Elem() == rawMessage:
		return true
	}
	return false
}

// valueFields lists "Type.Field" of every value field reachable from t.
func valueFields(t reflect.Type, seen map[reflect.Type]bool, out map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		if isValueField(t) {
			return
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() != reflect.TypeOf(tfjson.Plan{}).PkgPath() {
		return
	}
	seen[t] = true
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if isValueField(f.Type) {
			out[t.Name()+"."+f.Name] = true
			continue
		}
		valueFields(f.Type, seen, out)
	}
}

func TestOracleClassifiesEveryValueField(t *testing.T) {
	found := map[string]bool{}
	valueFields(reflect.TypeOf(tfjson.Plan{}), map[reflect.Type]bool{}, found)
	if len(found) < 15 {
		t.Fatalf("the walk found only %d value fields: %v", len(found), found)
	}
	var missing []string
	for f := range found {
		if _, ok := places[f]; !ok {
			missing = append(missing, f)
		}
	}
	for f := range places {
		if !found[f] {
			t.Errorf("the oracle classifies %s, which terraform-json's plan types no longer have", f)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("value fields of terraform-json's plan not classified by the oracle (say how each is made sensitive): %v", missing)
	}
}

// filler builds a terraform-json plan by reflection with every field set. whole chooses how
// values are marked: every marks field true (the whole value), or marks of one attribute.
type filler struct {
	whole  bool
	depth  int
	placed map[string]int // value places filled with markers, by "Type.Field"
}

// secretValue is the marker-laden value for a place of this class: a map whose secret-named
// keys (at any depth, in maps and lists) hold the marker, with one attribute ("marked") marked by
// the sibling marks where there are marks, and one plain attribute that must survive.
func (f *filler) secretValue(c placeClass, flagged bool) any {
	if f.whole && (c == marksIn || c == flagIn && flagged) {
		return map[string]any{"marked": marker, "plain_list": []any{marker}, "nested": map[string]any{"inner": marker}}
	}
	v := map[string]any{
		"plain":                 visible,
		"api-key":               marker,
		"AWS_SECRET_ACCESS_KEY": marker,
		"x-auth-token":          marker,
		"db_password":           marker,
		"tags":                  map[string]any{"Name": visible, "github-token": marker},
		"environment":           []any{map[string]any{"variables": map[string]any{"DB_PASSWORD": marker, "STAGE": visible}}},
	}
	if c == marksIn {
		v["marked"] = marker
		v["marked_block"] = []any{map[string]any{"inner": marker, "plain": visible}}
	}
	return v
}

func (f *filler) marks() any {
	if f.whole {
		return true
	}
	return map[string]any{"marked": true, "marked_block": []any{map[string]any{"inner": true}}}
}

// fill sets every field of the struct v points to.
func (f *filler) fill(v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		fv := v.Field(i)
		key := t.Name() + "." + sf.Name
		if isValueField(sf.Type) {
			f.fillValue(key, fv)
			continue
		}
		f.fillOther(sf, fv)
	}
}

func (f *filler) fillValue(key string, fv reflect.Value) {
	p := places[key]
	var val any
	switch p.class {
	case marksIn:
		val = f.secretValue(marksIn, false)
		f.placed[key]++
	case flagIn:
		val = f.secretValue(flagIn, f.whole)
		f.placed[key]++
	case namesOnly:
		val = f.secretValue(namesOnly, false)
		f.placed[key]++
	case marks:
		if strings.HasSuffix(key, "Unknown") {
			val = map[string]any{}
		} else {
			val = f.marks()
		}
	default:
		return // not a secret place: left empty
	}
	switch {
	case fv.Type() == rawMessage:
		b, _ := json.Marshal(val)
		fv.Set(reflect.ValueOf(json.RawMessage(b)))
	case fv.Kind() == reflect.Interface:
		fv.Set(reflect.ValueOf(val))
	case fv.Kind() == reflect.Map:
		m, _ := val.(map[string]any)
		fv.Set(reflect.ValueOf(m))
	}
}

func (f *filler) fillOther(sf reflect.StructField, fv reflect.Value) {
	switch sf.Name {
	case "FormatVersion":
		fv.SetString("1.2")
		return
	case "Mode":
		fv.SetString("managed")
		return
	case "Type":
		if fv.Kind() == reflect.String {
			fv.SetString("aws_oracle")
			return
		}
	case "Address":
		if fv.Kind() == reflect.String {
			fv.SetString("aws_oracle.o")
			return
		}
	case "Name":
		if fv.Kind() == reflect.String {
			fv.SetString("o")
			return
		}
	case "Actions":
		fv.Set(reflect.ValueOf(tfjson.Actions{tfjson.ActionUpdate}))
		return
	case "Complete":
		yes := true
		fv.Set(reflect.ValueOf(&yes))
		return
	case "Sensitive":
		fv.SetBool(f.whole)
		return
	case "DeposedKey", "ModuleAddress", "PreviousAddress", "Timestamp":
		return
	case "Type_", "AttributeType":
		return
	}
	switch fv.Kind() {
	case reflect.String:
		fv.SetString("x")
	case reflect.Pointer:
		if f.depth > 3 || fv.Type().Elem().Kind() != reflect.Struct || fv.Type().Elem().PkgPath() != reflect.TypeOf(tfjson.Plan{}).PkgPath() {
			return
		}
		n := reflect.New(fv.Type().Elem())
		f.depth++
		f.fill(n.Elem())
		f.depth--
		fv.Set(n)
	case reflect.Struct:
		if fv.Type().PkgPath() == reflect.TypeOf(tfjson.Plan{}).PkgPath() {
			f.fill(fv)
		}
	case reflect.Slice:
		if f.depth > 3 {
			return
		}
		s := reflect.MakeSlice(fv.Type(), 1, 1)
		f.fillElem(s.Index(0))
		fv.Set(s)
	case reflect.Map:
		if f.depth > 3 || fv.Type().Key().Kind() != reflect.String {
			return
		}
		m := reflect.MakeMap(fv.Type())
		e := reflect.New(fv.Type().Elem()).Elem()
		f.fillElem(e)
		m.SetMapIndex(reflect.ValueOf("k").Convert(fv.Type().Key()), e)
		fv.Set(m)
	}
}

func (f *filler) fillElem(e reflect.Value) {
	switch e.Kind() {
	case reflect.Pointer:
		if e.Type().Elem().Kind() != reflect.Struct || e.Type().Elem().PkgPath() != reflect.TypeOf(tfjson.Plan{}).PkgPath() {
			return
		}
		n := reflect.New(e.Type().Elem())
		f.depth++
		f.fill(n.Elem())
		f.depth--
		e.Set(n)
	case reflect.Struct:
		f.depth++
		f.fill(e)
		f.depth--
	case reflect.String:
		e.SetString("x")
	case reflect.Map:
		f.depth++
		m := reflect.MakeMap(e.Type())
		v := reflect.New(e.Type().Elem()).Elem()
		f.fillElem(v)
		m.SetMapIndex(reflect.ValueOf("k").Convert(e.Type().Key()), v)
		e.Set(m)
		f.depth--
	}
}

// oraclePlan builds the plan, as JSON.
func oraclePlan(t *testing.T, whole bool) ([]byte, map[string]int) {
	t.Helper()
	f := &filler{whole: whole, placed: map[string]int{}}
	var tp tfjson.Plan
	f.fill(reflect.ValueOf(&tp).Elem())
	// Things a plan needs to be read at all: a prior state of a known format, no deferred
	// changes (a plan with deferred changes is incomplete), expressions that hold a literal.
	tp.PriorState.FormatVersion = "1.0"
	tp.DeferredChanges = nil
	fixExpressions(tp.Config)
	b, err := json.Marshal(&tp)
	if err != nil {
		t.Fatal(err)
	}
	return b, f.placed
}

// fixExpressions gives every expression a literal and drops the references terraform-json's
// decoder turns into its "unknown" sentinel.
func fixExpressions(c *tfjson.Config) {
	var fix func(es map[string]*tfjson.Expression)
	fixOne := func(e *tfjson.Expression) {
		if e != nil && e.ExpressionData == nil {
			e.ExpressionData = &tfjson.ExpressionData{}
		}
		if e != nil {
			e.References = nil
			for _, nb := range e.NestedBlocks {
				fix(nb)
			}
			e.NestedBlocks = nil
		}
	}
	fix = func(es map[string]*tfjson.Expression) {
		for _, e := range es {
			fixOne(e)
		}
	}
	var mod func(m *tfjson.ConfigModule)
	mod = func(m *tfjson.ConfigModule) {
		if m == nil {
			return
		}
		for _, r := range m.Resources {
			fix(r.Expressions)
			fixOne(r.CountExpression)
			fixOne(r.ForEachExpression)
			for _, p := range r.Provisioners {
				fix(p.Expressions)
			}
		}
		for _, o := range m.Outputs {
			fixOne(o.Expression)
		}
		for _, mc := range m.ModuleCalls {
			fix(mc.Expressions)
			fixOne(mc.CountExpression)
			fixOne(mc.ForEachExpression)
			mod(mc.Module)
		}
	}
	for _, pc := range c.ProviderConfigs {
		fix(pc.Expressions)
	}
	mod(c.RootModule)
}

// TestRedactionOracle: no marker survives the reader, whichever way the places are marked.
func TestRedactionOracle(t *testing.T) {
	for _, whole := range []bool{false, true} {
		t.Run(fmt.Sprintf("whole=%v", whole), func(t *testing.T) {
			data, placed := oraclePlan(t, whole)
			for f, p := range places {
				if p.class != marks && p.class != notSecret && placed[f] == 0 {
					t.Errorf("the oracle planted no marker in %s", f)
				}
			}
			if !strings.Contains(string(data), marker) {
				t.Fatal("the plan holds no marker; the oracle proves nothing")
			}
			p, err := Parse("oracle.json", data)
			if err != nil {
				t.Fatalf("%v\n%.2000s", err, data)
			}
			outs := map[string]any{"resources": p.Resources, "document": p.Document(), "plan": p.raw}
			for name, v := range outs {
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				if n := strings.Count(string(b), marker); n > 0 {
					t.Errorf("%s: the marker survives %d times: %s", name, n, around(string(b), marker))
				}
				if !whole && !strings.Contains(string(b), visible) {
					t.Errorf("%s: no plain value survives: the redaction hides everything, or the places were not reached", name)
				}
			}
			if len(p.Resources) == 0 {
				t.Fatal("no resources read")
			}
			for _, r := range p.Resources {
				if r.Deleted {
					t.Errorf("%s read as deleted", r.Address)
				}
				if whole && !r.Sensitive {
					t.Errorf("%s: whole-resource marks, yet not Sensitive", r.Address)
				}
			}
		})
	}
}

// around shows where s first occurs in b.
func around(b, s string) string {
	i := strings.Index(b, s)
	lo, hi := max(0, i-300), min(len(b), i+len(s)+50)
	return b[lo:hi]
}

// OracleMarker and OraclePlan let the report test (package plan_test) render the oracle's plan.
const OracleMarker = marker

func OraclePlan(t *testing.T, whole bool) []byte {
	b, _ := oraclePlan(t, whole)
	return b
}
