package provider_test

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeGlue is an AWS Glue stand-in for tests: an httptest server speaking Glue's JSON 1.1
// protocol (POST /, X-Amz-Target: AWSGlue.<Operation>) for exactly the calls
// supplychain_etl_job makes: CreateJob, GetJob, UpdateJob, DeleteJob, GetTags, TagResource and
// UntagResource; and those supplychain_etl_schedule makes: CreateTrigger, GetTrigger,
// UpdateTrigger, StartTrigger, StopTrigger and DeleteTrigger (checked in triggerCall: see there). The local AWS stand-in (kumo) implements CreateJob/DeleteJob/StartJobRun but not
// GetJob or UpdateJob, so this fake is what the acceptance tests point the provider's glue endpoint
// at. It checks every request: the operation is one of those, the request is SigV4-signed for
// glue, the body decodes into the operation's input shape with no unknown field, and the values
// are what Glue would accept (a role ARN, a known command with an s3:// script, workers only for
// glueetl, a timeout, an UpdateJob that restates role and command, tag calls on the job's own
// ARN). A failed check fails the test and answers 400 ValidationException.
type fakeGlue struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	jobs     map[string]*fakeJob
	triggers map[string]*fakeTrigger
	tags     map[string]map[string]string // by ARN
	calls    []string
	// failCreate makes CreateJob of a job with this name fail with AccessDeniedException.
	failCreate string
}

type fakeCommand struct {
	Name           string  `json:"Name"`
	ScriptLocation string  `json:"ScriptLocation"`
	PythonVersion  *string `json:"PythonVersion,omitempty"`
}

type fakeExecutionProperty struct {
	MaxConcurrentRuns int32 `json:"MaxConcurrentRuns,omitempty"`
}

// fakeJob is the job shape shared by CreateJob's input, UpdateJob's JobUpdate and GetJob's output.
type fakeJob struct {
	Name                  string                 `json:"Name,omitempty"`
	Role                  string                 `json:"Role"`
	Command               *fakeCommand           `json:"Command"`
	GlueVersion           *string                `json:"GlueVersion,omitempty"`
	WorkerType            *string                `json:"WorkerType,omitempty"`
	NumberOfWorkers       *int32                 `json:"NumberOfWorkers,omitempty"`
	Timeout               *int32                 `json:"Timeout,omitempty"`
	MaxRetries            int32                  `json:"MaxRetries,omitempty"`
	ExecutionProperty     *fakeExecutionProperty `json:"ExecutionProperty,omitempty"`
	SecurityConfiguration *string                `json:"SecurityConfiguration,omitempty"`
	DefaultArguments      map[string]string      `json:"DefaultArguments,omitempty"`
	CreatedOn             float64                `json:"CreatedOn,omitempty"`
}

type fakeCreateJob struct {
	fakeJob
	Tags map[string]string `json:"Tags,omitempty"`
}

var (
	fakeRoleARN  = regexp.MustCompile(`^arn:aws:iam::(\d{12}):role/[\w+=,.@/-]+$`)
	fakeJobARN   = regexp.MustCompile(`^arn:aws:glue:[a-z0-9-]+:(\d{12}):job/(.+)$`)
	fakeJobName  = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,255}$`)
	fakeSigV4For = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=[^/]+/\d{8}/[a-z0-9-]+/glue/aws4_request, `)
)

func newFakeGlue(t *testing.T) *fakeGlue {
	f := &fakeGlue{t: t, jobs: map[string]*fakeJob{}, triggers: map[string]*fakeTrigger{}, tags: map[string]map[string]string{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeGlue) URL() string { return f.srv.URL }

// job returns a copy of a stored job (nil when absent).
func (f *fakeGlue) job(name string) *fakeJob {
	f.mu.Lock()
	defer f.mu.Unlock()
	j, ok := f.jobs[name]
	if !ok {
		return nil
	}
	c := *j
	c.DefaultArguments = maps.Clone(j.DefaultArguments)
	return &c
}

// jobTags returns the tags stored for a job ARN.
func (f *fakeGlue) jobTags(arn string) map[string]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return maps.Clone(f.tags[arn])
}

// change edits a stored job out of band, as someone in the console would.
func (f *fakeGlue) change(name string, edit func(*fakeJob)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	j, ok := f.jobs[name]
	if !ok {
		f.t.Fatalf("fake Glue: no job %s to change", name)
	}
	edit(j)
}

func (f *fakeGlue) callsOf(op string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if c == op {
			n++
		}
	}
	return n
}

type glueError struct {
	status int
	code   string
	msg    string
}

func (f *fakeGlue) invalid(format string, args ...any) *glueError {
	msg := fmt.Sprintf(format, args...)
	f.t.Errorf("fake Glue: bad request: %s", msg)
	return &glueError{http.StatusBadRequest, "ValidationException", msg}
}

func (f *fakeGlue) serve(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), "AWSGlue.")
	var out any
	var gerr *glueError
	body, _ := io.ReadAll(r.Body)
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/" || !ok:
		gerr = f.invalid("%s %s with target %q is not a Glue JSON 1.1 call", r.Method, r.URL.Path, r.Header.Get("X-Amz-Target"))
	case r.Header.Get("Content-Type") != "application/x-amz-json-1.1":
		gerr = f.invalid("%s: content type %q", op, r.Header.Get("Content-Type"))
	case !fakeSigV4For.MatchString(r.Header.Get("Authorization")):
		gerr = f.invalid("%s: not SigV4-signed for glue: %q", op, r.Header.Get("Authorization"))
	default:
		f.mu.Lock()
		f.calls = append(f.calls, op)
		out, gerr = f.handle(op, body)
		f.mu.Unlock()
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	if gerr != nil {
		w.Header().Set("X-Amzn-ErrorType", gerr.code)
		w.WriteHeader(gerr.status)
		_ = json.NewEncoder(w).Encode(map[string]string{"__type": gerr.code, "message": gerr.msg})
		return
	}
	_ = json.NewEncoder(w).Encode(out)
}

// decode reads a body strictly: an unknown field is a request the resource should not make.
func (f *fakeGlue) decode(op string, body []byte, v any) *glueError {
	d := json.NewDecoder(strings.NewReader(string(body)))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return f.invalid("%s: body %s: %v", op, body, err)
	}
	return nil
}

func (f *fakeGlue) checkJob(op string, j *fakeJob) *glueError {
	if !fakeRoleARN.MatchString(j.Role) {
		return f.invalid("%s: Role %q is not a role ARN", op, j.Role)
	}
	if j.Command == nil || !slices.Contains([]string{"glueetl", "pythonshell"}, j.Command.Name) ||
		!strings.HasPrefix(j.Command.ScriptLocation, "s3://") {
		return f.invalid("%s: Command %+v needs a known name and an s3:// ScriptLocation", op, j.Command)
	}
	if j.Timeout == nil || *j.Timeout < 1 || *j.Timeout > 10080 {
		return f.invalid("%s: Timeout %v", op, j.Timeout)
	}
	if j.Command.Name == "glueetl" && (j.WorkerType == nil) != (j.NumberOfWorkers == nil) {
		return f.invalid("%s: WorkerType and NumberOfWorkers go together", op)
	}
	if j.Command.Name == "pythonshell" && (j.WorkerType != nil || j.NumberOfWorkers != nil) {
		return f.invalid("%s: a pythonshell job has no workers", op)
	}
	if j.ExecutionProperty == nil || j.ExecutionProperty.MaxConcurrentRuns < 1 {
		return f.invalid("%s: ExecutionProperty.MaxConcurrentRuns missing", op)
	}
	for k := range j.DefaultArguments {
		if !strings.HasPrefix(k, "--") {
			return f.invalid("%s: argument %q does not start with --", op, k)
		}
	}
	return nil
}

// jobFor resolves the ARN of a tag call to a stored job.
func (f *fakeGlue) jobFor(op, arn string) *glueError {
	m := fakeJobARN.FindStringSubmatch(arn)
	if m == nil {
		return f.invalid("%s: ResourceArn %q is not a job ARN", op, arn)
	}
	j, ok := f.jobs[m[2]]
	if !ok {
		return &glueError{http.StatusBadRequest, "EntityNotFoundException", "job " + m[2] + " not found"}
	}
	if acct := fakeRoleARN.FindStringSubmatch(j.Role)[1]; acct != m[1] {
		return f.invalid("%s: ResourceArn account %s is not the job's account %s", op, m[1], acct)
	}
	return nil
}

func (f *fakeGlue) handle(op string, body []byte) (any, *glueError) {
	switch op {
	case "CreateJob":
		var in fakeCreateJob
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		if !fakeJobName.MatchString(in.Name) {
			return nil, f.invalid("CreateJob: Name %q", in.Name)
		}
		if e := f.checkJob(op, &in.fakeJob); e != nil {
			return nil, e
		}
		if in.Name == f.failCreate {
			return nil, &glueError{http.StatusBadRequest, "AccessDeniedException", "not authorized to perform glue:CreateJob"}
		}
		if _, dup := f.jobs[in.Name]; dup {
			return nil, &glueError{http.StatusBadRequest, "AlreadyExistsException", "job " + in.Name + " already exists"}
		}
		j := in.fakeJob
		j.CreatedOn = float64(time.Now().Unix())
		f.jobs[in.Name] = &j
		acct := fakeRoleARN.FindStringSubmatch(j.Role)[1]
		f.tags[fmt.Sprintf("arn:aws:glue:us-east-1:%s:job/%s", acct, in.Name)] = maps.Clone(in.Tags)
		return map[string]string{"Name": in.Name}, nil
	case "GetJob":
		var in struct{ JobName string }
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		j, ok := f.jobs[in.JobName]
		if !ok {
			return nil, &glueError{http.StatusBadRequest, "EntityNotFoundException", "job " + in.JobName + " not found"}
		}
		out := *j
		out.Name = in.JobName
		return map[string]any{"Job": out}, nil
	case "UpdateJob":
		var in struct {
			JobName   string
			JobUpdate *fakeJob
		}
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		if in.JobUpdate == nil || in.JobUpdate.Name != "" {
			return nil, f.invalid("UpdateJob: JobUpdate %+v (it has no Name)", in.JobUpdate)
		}
		if e := f.checkJob(op, in.JobUpdate); e != nil {
			return nil, e
		}
		old, ok := f.jobs[in.JobName]
		if !ok {
			return nil, &glueError{http.StatusBadRequest, "EntityNotFoundException", "job " + in.JobName + " not found"}
		}
		j := *in.JobUpdate
		j.CreatedOn = old.CreatedOn
		f.jobs[in.JobName] = &j
		return map[string]string{"JobName": in.JobName}, nil
	case "DeleteJob":
		var in struct{ JobName string }
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		if j, ok := f.jobs[in.JobName]; ok {
			acct := fakeRoleARN.FindStringSubmatch(j.Role)[1]
			delete(f.tags, fmt.Sprintf("arn:aws:glue:us-east-1:%s:job/%s", acct, in.JobName))
		}
		delete(f.jobs, in.JobName) // Glue answers success for a missing job too
		return map[string]string{"JobName": in.JobName}, nil
	case "GetTags":
		var in struct{ ResourceArn string }
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		if e := f.jobFor(op, in.ResourceArn); e != nil {
			return nil, e
		}
		return map[string]any{"Tags": f.tags[in.ResourceArn]}, nil
	case "TagResource":
		var in struct {
			ResourceArn string
			TagsToAdd   map[string]string
		}
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		if e := f.jobFor(op, in.ResourceArn); e != nil {
			return nil, e
		}
		if len(in.TagsToAdd) == 0 {
			return nil, f.invalid("TagResource: no tags")
		}
		if f.tags[in.ResourceArn] == nil {
			f.tags[in.ResourceArn] = map[string]string{}
		}
		maps.Copy(f.tags[in.ResourceArn], in.TagsToAdd)
		return map[string]any{}, nil
	case "UntagResource":
		var in struct {
			ResourceArn  string
			TagsToRemove []string
		}
		if e := f.decode(op, body, &in); e != nil {
			return nil, e
		}
		if e := f.jobFor(op, in.ResourceArn); e != nil {
			return nil, e
		}
		if len(in.TagsToRemove) == 0 {
			return nil, f.invalid("UntagResource: no tags")
		}
		for _, k := range in.TagsToRemove {
			delete(f.tags[in.ResourceArn], k)
		}
		return map[string]any{}, nil
	case "CreateTrigger", "GetTrigger", "UpdateTrigger", "StartTrigger", "StopTrigger", "DeleteTrigger":
		return f.triggerCall(op, body)
	default:
		return nil, f.invalid("operation %s is not one the resource makes", op)
	}
}
