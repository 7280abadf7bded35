package localenv

import (
	"github.com/sivchari/kumo"
)

// AWS is an in-process AWS stand-in (kumo) serving S3, DynamoDB, STS and IAM on a loopback port.
// S3 must be addressed path-style.
type AWS struct {
	URL string
	srv *kumo.Server
}

// Static credentials accepted by the stand-in; they are not secrets.
const (
	AccessKey = "test"
	SecretKey = "test"
	Region    = "us-east-1"
)

// StartAWS starts the stand-in. Call Close to stop it.
func StartAWS() *AWS {
	srv := kumo.NewServer()
	return &AWS{URL: srv.URL, srv: srv}
}

// Close stops the stand-in; it is safe to call twice.
func (a *AWS) Close() {
	if a != nil && a.srv != nil {
		a.srv.Close()
		a.srv = nil
	}
}
