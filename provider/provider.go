// Package provider implements the supplychain Terraform provider: the data lake, the ETL jobs
// (AWS Glue), the warehouse schema, tables, KPI views and targets of a supply-chain analytics
// pipeline.
package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nexabrands/supplychain/internal/awsclient"
	"github.com/nexabrands/supplychain/provider/internal/validate"
	"github.com/nexabrands/supplychain/provider/internal/warehouse"
)

var (
	_ provider.Provider                   = (*supplychainProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*supplychainProvider)(nil)
)

// Option changes how the provider is built; tests use it to inject what varies.
type Option func(*supplychainProvider)

// WithAWSConfigHook lets a caller adjust the AWS settings after they are read from the
// configuration, e.g. to add SDK middleware that counts requests.
func WithAWSConfigHook(hook func(*awsclient.Config)) Option {
	return func(p *supplychainProvider) { p.awsHook = hook }
}

type supplychainProvider struct {
	version string
	awsHook func(*awsclient.Config)

	mu         sync.Mutex
	warehouses []*warehouse.Lazy // one per Configure (provider run), closed by Close
}

// New returns a constructor of the provider for providerserver.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &supplychainProvider{version: version}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

type providerModel struct {
	Region         types.String      `tfsdk:"region"`
	Profile        types.String      `tfsdk:"profile"`
	AccessKey      types.String      `tfsdk:"access_key"`
	SecretKey      types.String      `tfsdk:"secret_key"`
	S3UsePathStyle types.Bool        `tfsdk:"s3_use_path_style"`
	Endpoints      *endpointsModel   `tfsdk:"endpoints"`
	AssumeRole     *assumeRoleModel  `tfsdk:"assume_role"`
	DefaultTags    *defaultTagsModel `tfsdk:"default_tags"`
	Warehouse      *warehouseModel   `tfsdk:"warehouse"`
}

// endpointsModel holds the endpoints the provider uses: S3 (the data lake, ETL scripts), Glue
// (ETL jobs) and STS (assume_role).
type endpointsModel struct {
	S3   types.String `tfsdk:"s3"`
	Glue types.String `tfsdk:"glue"`
	STS  types.String `tfsdk:"sts"`
}

type assumeRoleModel struct {
	RoleARN     types.String `tfsdk:"role_arn"`
	SessionName types.String `tfsdk:"session_name"`
	ExternalID  types.String `tfsdk:"external_id"`
	Duration    types.String `tfsdk:"duration"`
}

type defaultTagsModel struct {
	Tags types.Map `tfsdk:"tags"`
}

type warehouseModel struct {
	Host     types.String `tfsdk:"host"`
	Port     types.Int64  `tfsdk:"port"`
	Database types.String `tfsdk:"database"`
	Username types.String `tfsdk:"username"`
	Password types.String `tfsdk:"password"`
	SSLMode  types.String `tfsdk:"sslmode"`
}

func (p *supplychainProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "supplychain"
	resp.Version = p.version
}

func endpointAttr(service string) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:    true,
		Description: fmt.Sprintf("Endpoint URL for %s, for S3-compatible storage or a local stand-in (e.g. `http://127.0.0.1:4566`).", service),
		Validators:  []validator.String{validate.URL()},
	}
}

func (p *supplychainProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Runs a supply-chain analytics pipeline as code: the data lake on S3, ETL jobs on AWS Glue, and the " +
			"warehouse schema, tables, KPI views and targets on Redshift or PostgreSQL.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:    true,
				Description: "AWS region. Defaults to the SDK's chain (`AWS_REGION`, the shared config).",
			},
			"profile": schema.StringAttribute{
				Optional:    true,
				Description: "Named profile of the shared AWS configuration.",
			},
			"access_key": schema.StringAttribute{
				Optional:    true,
				Description: "Static access key. Prefer the default credential chain; set together with `secret_key`.",
				Validators:  []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("secret_key"))},
			},
			"secret_key": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "Static secret key; set together with `access_key`.",
				Validators:  []validator.String{stringvalidator.AlsoRequires(path.MatchRoot("access_key"))},
			},
			"s3_use_path_style": schema.BoolAttribute{
				Optional:    true,
				Description: "Address buckets path-style (`http://host/bucket`), as most S3-compatible servers need.",
			},
		},
		Blocks: map[string]schema.Block{
			"endpoints": schema.SingleNestedBlock{
				Description: "Service endpoint overrides for the services the provider calls: S3 (the data lake) and STS (`assume_role`).",
				Attributes: map[string]schema.Attribute{
					"s3":   endpointAttr("S3"),
					"glue": endpointAttr("Glue"),
					"sts":  endpointAttr("STS"),
				},
			},
			"assume_role": schema.SingleNestedBlock{
				Description: "A role to assume on top of the base credentials.",
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						Optional:    true,
						Description: "ARN of the role to assume.",
						Validators: []validator.String{stringvalidator.RegexMatches(validate.RoleARNPattern,
							"must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)")},
					},
					"session_name": schema.StringAttribute{Optional: true, Description: "Session name."},
					"external_id":  schema.StringAttribute{Optional: true, Description: "External ID the role's trust policy requires."},
					"duration": schema.StringAttribute{
						Optional:    true,
						Description: "Session duration as a Go duration (`1h`), between 15m and 12h.",
						Validators:  []validator.String{validate.Duration(15*time.Minute, 12*time.Hour)},
					},
				},
			},
			"default_tags": schema.SingleNestedBlock{
				Description: "Tags merged into every taggable resource; a resource's own tags win.",
				Attributes: map[string]schema.Attribute{
					"tags": schema.MapAttribute{ElementType: types.StringType, Optional: true, Description: "Tags."},
				},
			},
			"warehouse": schema.SingleNestedBlock{
				Description: "Connection to the warehouse (Redshift or PostgreSQL). Connected lazily, on first use.",
				Attributes: map[string]schema.Attribute{
					"host": schema.StringAttribute{Optional: true, Description: "Host name or address; required, not empty (an empty host would mean the local socket)."},
					"port": schema.Int64Attribute{
						Optional:    true,
						Description: "Port (5439 for Redshift, 5432 for PostgreSQL). Defaults to 5432.",
						Validators:  []validator.Int64{int64validator.Between(1, 65535)},
					},
					"database": schema.StringAttribute{Optional: true, Description: "Database name; required, not empty."},
					"username": schema.StringAttribute{Optional: true, Description: "User name; required, not empty."},
					"password": schema.StringAttribute{Optional: true, Sensitive: true, Description: "Password."},
					"sslmode": schema.StringAttribute{
						Optional:    true,
						Description: "libpq sslmode: disable, allow, prefer, require, verify-ca, verify-full. Defaults to `require`.",
						Validators: []validator.String{stringvalidator.OneOf(
							"disable", "allow", "prefer", "require", "verify-ca", "verify-full")},
					},
				},
			},
		},
	}
}

// ValidateConfig checks that a warehouse block says where to connect: host, database and
// username set and not blank (an empty host would make the driver dial the local socket
// /var/run/postgresql, so DDL could land on whatever server runs on the machine).
func (p *supplychainProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var w *warehouseModel
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("warehouse"), &w)...)
	if w == nil {
		return
	}
	for _, s := range []struct {
		name string
		v    types.String
	}{{"host", w.Host}, {"database", w.Database}, {"username", w.Username}} {
		switch {
		case s.v.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("warehouse").AtName(s.name), "Missing warehouse setting",
				fmt.Sprintf("The warehouse block needs %s.", s.name))
		case !s.v.IsUnknown() && strings.TrimSpace(s.v.ValueString()) == "":
			resp.Diagnostics.AddAttributeError(path.Root("warehouse").AtName(s.name), "Empty warehouse setting",
				fmt.Sprintf("The warehouse block's %s must not be empty%s.", s.name, warehouse.EmptySettingNote(s.name)))
		}
	}
}

func (p *supplychainProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if anyUnknown(m.Region, m.Profile, m.AccessKey, m.SecretKey) {
		resp.Diagnostics.AddWarning("Provider configuration not yet known",
			"Some provider settings depend on values known only after apply; resources are planned without AWS access.")
	}
	cfg := awsclient.Config{
		Region:         m.Region.ValueString(),
		Profile:        m.Profile.ValueString(),
		AccessKey:      m.AccessKey.ValueString(),
		SecretKey:      m.SecretKey.ValueString(),
		S3UsePathStyle: m.S3UsePathStyle.ValueBool(),
	}
	if e := m.Endpoints; e != nil {
		cfg.Endpoints = awsclient.Endpoints{S3: e.S3.ValueString(), Glue: e.Glue.ValueString(), STS: e.STS.ValueString()}
	}
	if a := m.AssumeRole; a != nil && a.RoleARN.ValueString() != "" {
		d, _ := time.ParseDuration(a.Duration.ValueString())
		cfg.AssumeRole = &awsclient.AssumeRole{
			RoleARN: a.RoleARN.ValueString(), SessionName: a.SessionName.ValueString(),
			ExternalID: a.ExternalID.ValueString(), Duration: d,
		}
	}
	if p.awsHook != nil {
		p.awsHook(&cfg)
	}
	defaultTags := map[string]string{}
	if m.DefaultTags != nil && !m.DefaultTags.Tags.IsNull() {
		resp.Diagnostics.Append(m.DefaultTags.Tags.ElementsAs(ctx, &defaultTags, false)...)
	}
	var wh *warehouse.Lazy
	if w := m.Warehouse; w != nil {
		wh = warehouse.NewLazy(warehouse.Config{
			Host: w.Host.ValueString(), Port: int(w.Port.ValueInt64()), Database: w.Database.ValueString(),
			Username: w.Username.ValueString(), Password: w.Password.ValueString(), SSLMode: w.SSLMode.ValueString(),
		})
	}
	if wh != nil {
		p.mu.Lock()
		p.warehouses = append(p.warehouses, wh)
		p.mu.Unlock()
	}
	data := newProviderData(cfg, defaultTags, wh)
	resp.ResourceData = data
	resp.DataSourceData = data
}

// Close closes the warehouse connections of every run the provider served. Terraform ends a
// provider's process after each command, which closes them too; a test that serves the provider
// in-process (provider/internal/acctest) calls Close when the test ends.
func (p *supplychainProvider) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, wh := range p.warehouses {
		wh.Close()
	}
	p.warehouses = nil
}

func (p *supplychainProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewDataLakeResource,
		NewWarehouseSchemaResource,
		NewWarehouseTableResource,
		NewKPIViewResource,
		NewKPITargetsResource,
		NewETLJobResource,
		NewETLScheduleResource,
	}
}

func (p *supplychainProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewKPIScorecardDataSource,
	}
}
