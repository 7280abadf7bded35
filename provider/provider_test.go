package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/nexabrands/supplychain/provider"
	"github.com/nexabrands/supplychain/provider/internal/acctest"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// TestProviderSchemaIsValid: every resource and data source the provider lists is served under
// its name with a valid schema, and each of them, and every attribute in them, has a description
// (tfplugindocs builds the docs from them).
func TestProviderSchemaIsValid(t *testing.T) {
	ctx := context.Background()
	p := provider.New("test")()
	srv, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	sch, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range sch.Diagnostics {
		t.Errorf("schema diagnostic: %s: %s", d.Summary, d.Detail)
	}
	var resources, dataSources []string
	for _, f := range p.Resources(ctx) {
		var m fwresource.MetadataResponse
		f().Metadata(ctx, fwresource.MetadataRequest{ProviderTypeName: "supplychain"}, &m)
		resources = append(resources, m.TypeName)
	}
	for _, f := range p.DataSources(ctx) {
		var m datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "supplychain"}, &m)
		dataSources = append(dataSources, m.TypeName)
	}
	// The names DESIGN.md gives, and the ETL schedule.
	want := []string{"supplychain_data_lake", "supplychain_warehouse_schema", "supplychain_warehouse_table",
		"supplychain_kpi_view", "supplychain_kpi_targets", "supplychain_etl_job", "supplychain_etl_schedule"}
	if strings.Join(resources, ",") != strings.Join(want, ",") {
		t.Errorf("resources = %v, want %v", resources, want)
	}
	if strings.Join(dataSources, ",") != "supplychain_kpi_scorecard" {
		t.Errorf("data sources = %v, want [supplychain_kpi_scorecard]", dataSources)
	}
	if len(sch.ResourceSchemas) != len(resources) || len(sch.DataSourceSchemas) != len(dataSources) {
		t.Errorf("served %d resources and %d data sources, listed %d and %d",
			len(sch.ResourceSchemas), len(sch.DataSourceSchemas), len(resources), len(dataSources))
	}
	check := func(kind, name string, s *tfprotov6.Schema, ok bool) {
		if !ok || s == nil || s.Block == nil {
			t.Errorf("%s %s not served", kind, name)
			return
		}
		if strings.TrimSpace(s.Block.Description) == "" {
			t.Errorf("%s %s has no description", kind, name)
		}
		whCheckDescriptions(t, kind+" "+name, s.Block)
	}
	for _, n := range resources {
		s, ok := sch.ResourceSchemas[n]
		check("resource", n, s, ok)
	}
	for _, n := range dataSources {
		s, ok := sch.DataSourceSchemas[n]
		check("data source", n, s, ok)
	}
	check("provider", "supplychain", sch.Provider, true)
}

// whCheckDescriptions fails for every attribute or block under b without a description.
func whCheckDescriptions(t *testing.T, where string, b *tfprotov6.SchemaBlock) {
	t.Helper()
	var attrs func(prefix string, as []*tfprotov6.SchemaAttribute)
	attrs = func(prefix string, as []*tfprotov6.SchemaAttribute) {
		for _, a := range as {
			if strings.TrimSpace(a.Description) == "" {
				t.Errorf("%s: attribute %s%s has no description", where, prefix, a.Name)
			}
			if a.NestedType != nil {
				attrs(prefix+a.Name+".", a.NestedType.Attributes)
			}
		}
	}
	attrs("", b.Attributes)
	for _, nb := range b.BlockTypes {
		if strings.TrimSpace(nb.Block.Description) == "" {
			t.Errorf("%s: block %s has no description", where, nb.TypeName)
		}
		whCheckDescriptions(t, where+" "+nb.TypeName, nb.Block)
	}
}

// TestAccProvider_invalidConfig: provider settings are checked by `terraform validate`.
func TestAccProvider_invalidConfig(t *testing.T) {
	cases := map[string]struct{ config, err string }{
		"warehouse without host": {`warehouse {
    database = "supplychain"
    username = "terraform"
  }`, `The warehouse block needs host`},
		"empty host": {`warehouse {
    host     = ""
    database = "supplychain"
    username = "terraform"
  }`, `(?s)warehouse.*host.*must not be empty`},
		"blank database": {`warehouse {
    host     = "db"
    database = "  "
    username = "terraform"
  }`, `(?s)warehouse.*database.*must not be empty`},
		"empty username": {`warehouse {
    host     = "db"
    database = "supplychain"
    username = ""
  }`, `(?s)warehouse.*username.*must not be empty`},
		"bad sslmode": {`warehouse {
    host     = "db"
    database = "supplychain"
    username = "terraform"
    sslmode  = "sometimes"
  }`, `sslmode`},
		"bad port": {`warehouse {
    host     = "db"
    port     = 70000
    database = "supplychain"
    username = "terraform"
  }`, `port`},
		"bad endpoint": {`endpoints {
    s3 = "localhost:4566"
  }`, `not an http\(s\) URL`},
		"endpoint never read": {`endpoints {
    dynamodb = "http://127.0.0.1:4566"
  }`, `(?s)Unsupported argument.*dynamodb`},
		"half static key": {`access_key = "AKIA"`, `secret_key`},
		"bad role": {`assume_role {
    role_arn = "deployer"
  }`, `must be an IAM role ARN`},
		"bad duration": {`assume_role {
    role_arn = "arn:aws:iam::123456789012:role/deployer"
    duration = "24h"
  }`, `between 15m0s and 12h0m0s`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config: "provider \"supplychain\" {\n  region = \"us-east-1\"\n  " + c.config + "\n}\n" +
						"resource \"supplychain_data_lake\" \"x\" {\n  name_prefix = \"lake\"\n}\n",
					PlanOnly:    true,
					ExpectError: acctest.ErrorMatching(c.err),
				}},
			})
		})
	}
}
