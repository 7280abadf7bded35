package provider

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/glue"
)

// Glue returns the Glue client, resolving the AWS configuration on first use. It honours the
// provider's `endpoints.glue` override.
func (d *providerData) Glue(ctx context.Context) (*glue.Client, error) {
	if err := d.load(ctx); err != nil {
		return nil, err
	}
	d.glueOnce.Do(func() { d.glue = d.aws.Glue(d.awsCfg) })
	return d.glue, nil
}
