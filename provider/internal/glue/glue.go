// Package glue is what the supplychain_etl_job resource stands on: the AWS Glue job API (create,
// read, update, delete, tags) and the job's artifacts in S3 (the script and extra Python modules,
// uploaded under content-addressed keys the job owns).
package glue

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	gluetypes "github.com/aws/aws-sdk-go-v2/service/glue/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Commands a job runs.
const (
	CommandGlueETL     = "glueetl"
	CommandPythonShell = "pythonshell"
)

// Arguments the resource manages itself; they cannot be set through default_arguments.
const (
	ArgSourcePath      = "--source-path"
	ArgDestinationPath = "--destination-path"
	ArgExtraPyFiles    = "--extra-py-files"
	ArgJobBookmark     = "--job-bookmark-option"
)

// ManagedArguments lists the default arguments the resource derives from its own attributes.
var ManagedArguments = []string{ArgSourcePath, ArgDestinationPath, ArgExtraPyFiles, ArgJobBookmark}

// Job is the definition of a Glue job as the resource manages it. A zero NumberOfWorkers or an
// empty WorkerType leaves the setting to Glue (Python shell jobs have neither).
type Job struct {
	Name                  string
	Role                  string
	Command               string
	ScriptLocation        string
	PythonVersion         string
	GlueVersion           string
	WorkerType            string
	NumberOfWorkers       int32
	Timeout               int32
	MaxRetries            int32
	MaxConcurrentRuns     int32
	SecurityConfiguration string
	DefaultArguments      map[string]string
}

// ErrNotFound is returned by Get when no job has the name.
var ErrNotFound = errors.New("job not found")

// Client calls Glue and S3 for one provider configuration.
type Client struct {
	Glue *glue.Client
	S3   *s3.Client
}

// IsNotFound reports whether err is Glue's EntityNotFoundException.
func IsNotFound(err error) bool {
	var nf *gluetypes.EntityNotFoundException
	return errors.As(err, &nf)
}

func command(j Job) *gluetypes.JobCommand {
	return &gluetypes.JobCommand{
		Name:           aws.String(j.Command),
		ScriptLocation: aws.String(j.ScriptLocation),
		PythonVersion:  optString(j.PythonVersion),
	}
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func optInt32(n int32) *int32 {
	if n == 0 {
		return nil
	}
	return aws.Int32(n)
}

// Create creates the job with its tags.
func (c *Client) Create(ctx context.Context, j Job, tags map[string]string) error {
	in := &glue.CreateJobInput{
		Name:                  aws.String(j.Name),
		Role:                  aws.String(j.Role),
		Command:               command(j),
		GlueVersion:           optString(j.GlueVersion),
		WorkerType:            gluetypes.WorkerType(j.WorkerType),
		NumberOfWorkers:       optInt32(j.NumberOfWorkers),
		Timeout:               aws.Int32(j.Timeout),
		MaxRetries:            j.MaxRetries,
		ExecutionProperty:     &gluetypes.ExecutionProperty{MaxConcurrentRuns: j.MaxConcurrentRuns},
		SecurityConfiguration: optString(j.SecurityConfiguration),
		DefaultArguments:      j.DefaultArguments,
	}
	if len(tags) > 0 {
		in.Tags = tags
	}
	_, err := c.Glue.CreateJob(ctx, in)
	return err
}

// Get reads the job; ErrNotFound when it does not exist.
func (c *Client) Get(ctx context.Context, name string) (*Job, error) {
	out, err := c.Glue.GetJob(ctx, &glue.GetJobInput{JobName: aws.String(name)})
	if err != nil {
		if IsNotFound(err) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	if out.Job == nil {
		return nil, ErrNotFound
	}
	lj := out.Job
	j := &Job{
		Name:                  aws.ToString(lj.Name),
		Role:                  aws.ToString(lj.Role),
		GlueVersion:           aws.ToString(lj.GlueVersion),
		WorkerType:            string(lj.WorkerType),
		NumberOfWorkers:       aws.ToInt32(lj.NumberOfWorkers),
		Timeout:               aws.ToInt32(lj.Timeout),
		MaxRetries:            lj.MaxRetries,
		SecurityConfiguration: aws.ToString(lj.SecurityConfiguration),
		DefaultArguments:      maps.Clone(lj.DefaultArguments),
	}
	if j.DefaultArguments == nil {
		j.DefaultArguments = map[string]string{}
	}
	if lj.Command != nil {
		j.Command = aws.ToString(lj.Command.Name)
		j.ScriptLocation = aws.ToString(lj.Command.ScriptLocation)
		j.PythonVersion = aws.ToString(lj.Command.PythonVersion)
	}
	if lj.ExecutionProperty != nil {
		j.MaxConcurrentRuns = lj.ExecutionProperty.MaxConcurrentRuns
	}
	return j, nil
}

// Update replaces the job's definition (UpdateJob resets what it is not given).
func (c *Client) Update(ctx context.Context, j Job) error {
	_, err := c.Glue.UpdateJob(ctx, &glue.UpdateJobInput{
		JobName: aws.String(j.Name),
		JobUpdate: &gluetypes.JobUpdate{
			Role:                  aws.String(j.Role),
			Command:               command(j),
			GlueVersion:           optString(j.GlueVersion),
			WorkerType:            gluetypes.WorkerType(j.WorkerType),
			NumberOfWorkers:       optInt32(j.NumberOfWorkers),
			Timeout:               aws.Int32(j.Timeout),
			MaxRetries:            j.MaxRetries,
			ExecutionProperty:     &gluetypes.ExecutionProperty{MaxConcurrentRuns: j.MaxConcurrentRuns},
			SecurityConfiguration: optString(j.SecurityConfiguration),
			DefaultArguments:      j.DefaultArguments,
		},
	})
	return err
}

// Delete deletes the job; a job that is already gone is not an error.
func (c *Client) Delete(ctx context.Context, name string) error {
	_, err := c.Glue.DeleteJob(ctx, &glue.DeleteJobInput{JobName: aws.String(name)})
	if err != nil && !IsNotFound(err) {
		return err
	}
	return nil
}

// Tags reads the job's tags.
func (c *Client) Tags(ctx context.Context, arn string) (map[string]string, error) {
	out, err := c.Glue.GetTags(ctx, &glue.GetTagsInput{ResourceArn: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	if out.Tags == nil {
		return map[string]string{}, nil
	}
	return out.Tags, nil
}

// SetTags brings the job's tags from have to want, removing first, then adding or changing.
func (c *Client) SetTags(ctx context.Context, arn string, have, want map[string]string) error {
	var remove []string
	for k := range have {
		if _, ok := want[k]; !ok {
			remove = append(remove, k)
		}
	}
	slices.Sort(remove)
	if len(remove) > 0 {
		if _, err := c.Glue.UntagResource(ctx, &glue.UntagResourceInput{ResourceArn: aws.String(arn), TagsToRemove: remove}); err != nil {
			return fmt.Errorf("removing tags: %w", err)
		}
	}
	add := map[string]string{}
	for k, v := range want {
		if hv, ok := have[k]; !ok || hv != v {
			add[k] = v
		}
	}
	if len(add) > 0 {
		if _, err := c.Glue.TagResource(ctx, &glue.TagResourceInput{ResourceArn: aws.String(arn), TagsToAdd: add}); err != nil {
			return fmt.Errorf("adding tags: %w", err)
		}
	}
	return nil
}

// JobARN is the ARN of a job in the account of its role: Glue runs a job under a role of the
// account that owns the job.
func JobARN(roleARN, region, name string) string {
	// arn:<partition>:iam::<account>:role/<name>
	parts := strings.SplitN(roleARN, ":", 6)
	if len(parts) < 6 {
		return ""
	}
	return fmt.Sprintf("arn:%s:glue:%s:%s:job/%s", parts[1], region, parts[4], name)
}
