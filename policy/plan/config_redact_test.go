package plan

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestConfigurationLiteralsAreRedacted: literals in the configuration section are redacted by
// the same marks and names as values: a provider block's secret_key and token, an argument the
// resource's instances mark sensitive (aws_ssm_parameter.value, in the root and in a module),
// maps of literals (environment variables, tags, module inputs) by key, module inputs to a
// sensitive variable and sensitive defaults of child-module variables.
func TestConfigurationLiteralsAreRedacted(t *testing.T) {
	secrets := []string{"PROVIDER-SECRET-KEY", "PROVIDER-TOKEN", "SSM-ROOT-VALUE", "SSM-MODULE-VALUE",
		"ENV-DB-PASSWORD", "TAG-API-KEY", "MODULE-INPUT", "MODULE-INPUT-MAP", "CHILD-DEFAULT", "CHILD-SECRET-DEFAULT", "AWS-SECRET-IN-MAP"}
	data := []byte(`{"format_version":"1.2","terraform_version":"1.9.8",
	 "resource_changes":[
	  {"address":"aws_ssm_parameter.p","mode":"managed","type":"aws_ssm_parameter","name":"p",
	   "change":{"actions":["create"],"before":null,"after":{"name":"/app/db","value":"SSM-ROOT-VALUE"},"after_unknown":{},"after_sensitive":{"value":true}}},
	  {"address":"module.app.aws_ssm_parameter.q[\"a\"]","module_address":"module.app","mode":"managed","type":"aws_ssm_parameter","name":"q","index":"a",
	   "change":{"actions":["create"],"before":null,"after":{"name":"/app/q","value":"SSM-MODULE-VALUE"},"after_unknown":{},"after_sensitive":{"value":true}}}],
	 "configuration":{
	  "provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"eu-west-1"},
	     "secret_key":{"constant_value":"PROVIDER-SECRET-KEY"},"token":{"constant_value":"PROVIDER-TOKEN"},
	     "assume_role":[{"role_arn":{"constant_value":"arn:aws:iam::1:role/r"},"external_id":{"constant_value":"plain-id"}}]}}},
	  "root_module":{
	   "resources":[
	    {"address":"aws_ssm_parameter.p","mode":"managed","type":"aws_ssm_parameter","name":"p",
	     "expressions":{"name":{"constant_value":"/app/db"},"value":{"constant_value":"SSM-ROOT-VALUE"}}},
	    {"address":"aws_lambda_function.f","mode":"managed","type":"aws_lambda_function","name":"f",
	     "expressions":{"function_name":{"constant_value":"f"},
	      "environment":[{"variables":{"constant_value":{"DB_PASSWORD":"ENV-DB-PASSWORD","AWS_SECRET_ACCESS_KEY":"AWS-SECRET-IN-MAP","STAGE":"prod"}}}],
	      "tags":{"constant_value":{"api-key":"TAG-API-KEY","Name":"f"}}}}],
	   "module_calls":{"app":{"source":"./app",
	     "expressions":{"db":{"constant_value":"MODULE-INPUT"},"settings":{"constant_value":{"x-auth-token":"MODULE-INPUT-MAP","size":"small"}}},
	     "module":{
	      "variables":{"db":{"sensitive":true},"settings":{},"with_default":{"default":"CHILD-DEFAULT","sensitive":true},"api_token":{"default":"CHILD-SECRET-DEFAULT"}},
	      "resources":[{"address":"aws_ssm_parameter.q","mode":"managed","type":"aws_ssm_parameter","name":"q",
	        "expressions":{"name":{"constant_value":"/app/q"},"value":{"constant_value":"SSM-MODULE-VALUE"}},"for_each_expression":{"constant_value":{"a":1}}}]}}}}}}`)
	p, err := Parse("plan.json", data)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := json.Marshal(p.Document())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(p.raw)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if !strings.Contains(string(data), s) {
			t.Fatalf("the plan lacks %q; the test proves nothing", s)
		}
		for name, out := range map[string][]byte{"document": doc, "plan": raw} {
			if strings.Contains(string(out), s) {
				t.Errorf("%s still holds %q", name, s)
			}
		}
	}
	for _, s := range []string{"eu-west-1", "plain-id", "prod", `"Name":"f"`, "small", "/app/q"} {
		if !strings.Contains(string(doc), s) {
			t.Errorf("the document lost the plain value %s", s)
		}
	}
	if got := p.Regions; len(got) != 1 || got[0] != "eu-west-1" {
		t.Errorf("regions %v", got)
	}
}

func TestSecretNames(t *testing.T) {
	for _, n := range []string{"password", "db_password", "api-key", "API_KEY", "AWS_SECRET_ACCESS_KEY", "github-token", "X-Auth-Token", "client.secret", "private_key", "apikey"} {
		if !IsSecretName(n) {
			t.Errorf("%s is a secret name", n)
		}
	}
	for _, n := range []string{"name", "bucket", "token_type_hint", "kms_key_id", "tags", "secret_arn", "password_length", "keys"} {
		if IsSecretName(n) {
			t.Errorf("%s is not a secret name", n)
		}
	}
}
