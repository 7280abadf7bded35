package plan

import (
	"reflect"
	"testing"
)

// TestShareEqualValues: a no-op's before and after, its planned_values and prior_state entries
// become one map after redaction, a secret marked in one part only is redacted in the shared map,
// and a change whose before differs from its after keeps both.
func TestShareEqualValues(t *testing.T) {
	data := []byte(`{"format_version":"1.2","terraform_version":"1.9.8",
	"planned_values":{"root_module":{"resources":[
	 {"address":"aws_db_instance.same","mode":"managed","type":"aws_db_instance","name":"same","provider_name":"aws","values":{"engine":"postgres","password":"hunter2-secret"},"sensitive_values":{}},
	 {"address":"aws_db_instance.grown","mode":"managed","type":"aws_db_instance","name":"grown","provider_name":"aws","values":{"engine":"postgres","allocated_storage":40},"sensitive_values":{}}]}},
	"prior_state":{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"resources":[
	 {"address":"aws_db_instance.same","mode":"managed","type":"aws_db_instance","name":"same","provider_name":"aws","values":{"engine":"postgres","password":"hunter2-secret"},"sensitive_values":{}},
	 {"address":"aws_db_instance.grown","mode":"managed","type":"aws_db_instance","name":"grown","provider_name":"aws","values":{"engine":"postgres","allocated_storage":20},"sensitive_values":{}}]}}},
	"resource_changes":[
	 {"address":"aws_db_instance.same","mode":"managed","type":"aws_db_instance","name":"same","provider_name":"aws","change":{"actions":["no-op"],
	  "before":{"engine":"postgres","password":"hunter2-secret"},"after":{"engine":"postgres","password":"hunter2-secret"},"after_unknown":{},"before_sensitive":{"password":true},"after_sensitive":{}}},
	 {"address":"aws_db_instance.grown","mode":"managed","type":"aws_db_instance","name":"grown","provider_name":"aws","change":{"actions":["update"],
	  "before":{"engine":"postgres","allocated_storage":20},"after":{"engine":"postgres","allocated_storage":40},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}],
	"configuration":{"root_module":{}}}`)
	p, err := Parse("share.json", data)
	if err != nil {
		t.Fatal(err)
	}
	tp := p.raw
	same, grown := tp.ResourceChanges[0], tp.ResourceChanges[1]
	ptr := func(x any) uintptr { return reflect.ValueOf(x).Pointer() }
	if ptr(same.Change.Before) != ptr(same.Change.After) {
		t.Error("the no-op's before and after are two maps")
	}
	planned, prior := stateIndex(tp.PlannedValues), stateIndex(priorValues(tp))
	if ptr(planned["aws_db_instance.same"].AttributeValues) != ptr(same.Change.After) {
		t.Error("the no-op's planned_values entry is a map of its own")
	}
	if ptr(prior["aws_db_instance.same"].AttributeValues) != ptr(same.Change.Before) {
		t.Error("the no-op's prior_state entry is a map of its own")
	}
	after, _ := same.Change.After.(map[string]any)
	if v := after["password"]; v != Redacted {
		t.Errorf("password marked in before_sensitive only reads %v in the shared map", v)
	}
	if ptr(grown.Change.Before) == ptr(grown.Change.After) {
		t.Error("an update's different before and after were made one map")
	}
	if ptr(prior["aws_db_instance.grown"].AttributeValues) != ptr(grown.Change.Before) ||
		ptr(planned["aws_db_instance.grown"].AttributeValues) != ptr(grown.Change.After) {
		t.Error("the update's state entries do not share its before and after")
	}
	if got := p.Resource("aws_db_instance.grown").Values["allocated_storage"]; got != float64(40) {
		t.Errorf("allocated_storage %v, want 40", got)
	}
}
