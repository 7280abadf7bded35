package provider_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nexabrands/supplychain/provider/internal/acctest"
)

const testRoleARN = "arn:aws:iam::123456789012:role/glue-etl"

const etlJobAddr = "supplychain_etl_job.orders"

// etlProviderConfig points S3 at the local stand-in and Glue at the fake Glue server.
func etlProviderConfig(g *fakeGlue) string {
	return acctest.AWSProviderConfig(g.t, g.URL())
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// ownedKeys lists every object version and delete marker under a job's prefix.
func ownedKeys(t *testing.T, bucket, job string) []string {
	return acctest.ObjectVersions(t, bucket, "etl/"+job+"/")
}

func etlJobConfig(g *fakeGlue, prefix, dir, body string) string {
	return etlProviderConfig(g) + fmt.Sprintf(`
resource "supplychain_data_lake" "main" {
  name_prefix = %[1]q
}

resource "supplychain_etl_job" "orders" {
  name              = "%[1]s-orders"
  role_arn          = %[2]q
  script_source     = "%[3]s/orders.py"
  script_bucket     = supplychain_data_lake.main.code.bucket
  extra_py_files    = ["%[3]s/cleaning.py"]
  source            = supplychain_data_lake.main.raw.bucket
  target            = supplychain_data_lake.main.transformed.bucket
  job_bookmarks     = "enable"
  default_arguments = { "--enable-metrics" = "true" }
%[4]s
}
`, prefix, testRoleARN, dir, body)
}

// TestAccETLJob_lifecycle wires a job to a lake and goes through its life: create (the script
// and an extra module uploaded under content-addressed keys, the lake's buckets as path
// arguments), import by name, an update in place, a script change whose new hash shows in the
// plan, drift made on the Glue server out of band, and destroy. The lake has no force_destroy,
// so its destroy succeeds only if the job deleted every object version it uploaded.
func TestAccETLJob_lifecycle(t *testing.T) {
	g := newFakeGlue(t)
	prefix := lakePrefix(t)
	names := bucketNames(prefix)
	raw, code, transformed := names[0], names[1], names[2]
	job := prefix + "-orders"
	dir := t.TempDir()
	v1, v2, mod := "print('orders v1')\n", "print('orders v2')\n", "def clean(row):\n    return row\n"
	writeFile(t, filepath.Join(dir, "orders.py"), v1)
	writeFile(t, filepath.Join(dir, "cleaning.py"), mod)
	scriptKey := func(content string) string { return "etl/" + job + "/" + sha256Hex(content) + "/orders.py" }
	modKey := "etl/" + job + "/" + sha256Hex(mod) + "/cleaning.py"
	base := `  tags = { team = "data" }`
	updated := `  tags = { team = "analytics" }
  max_retries       = 2
  number_of_workers = 4`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy: func(*terraform.State) error {
			if g.job(job) != nil {
				return fmt.Errorf("Glue job %s still exists after destroy", job)
			}
			if g.callsOf("DeleteJob") == 0 {
				return fmt.Errorf("DeleteJob was never called")
			}
			return acctest.CheckBucketsGone(t, names...)(nil)
		},
		Steps: []resource.TestStep{
			{
				Config: etlJobConfig(g, prefix, dir, base),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlJobAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("script_sha256"), knownvalue.StringExact(sha256Hex(v1))),
					plancheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("script_location"), knownvalue.StringExact("s3://"+code+"/"+scriptKey(v1))),
					plancheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("arn"), knownvalue.StringExact("arn:aws:glue:us-east-1:123456789012:job/"+job)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("id"), knownvalue.StringExact(job)),
					statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("worker_type"), knownvalue.StringExact("G.1X")),
					statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("glue_version"), knownvalue.StringExact("5.0")),
					statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("extra_py_files_locations"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("s3://" + code + "/" + modKey)})),
					statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("tags_all"), knownvalue.MapExact(map[string]knownvalue.Check{
						"managed_by": knownvalue.StringExact("terraform"), "team": knownvalue.StringExact("data"),
					})),
				},
				Check: func(*terraform.State) error {
					j := g.job(job)
					if j == nil {
						return fmt.Errorf("no Glue job %s on the server", job)
					}
					want := map[string]string{
						"--source-path": "s3://" + raw + "/", "--destination-path": "s3://" + transformed + "/",
						"--extra-py-files": "s3://" + code + "/" + modKey, "--job-bookmark-option": "job-bookmark-enable",
						"--enable-metrics": "true",
					}
					if fmt.Sprint(j.DefaultArguments) != fmt.Sprint(want) {
						return fmt.Errorf("DefaultArguments = %v, want %v", j.DefaultArguments, want)
					}
					if j.Command.Name != "glueetl" || j.Command.ScriptLocation != "s3://"+code+"/"+scriptKey(v1) ||
						aws.ToString(j.Command.PythonVersion) != "3" || aws.ToString(j.GlueVersion) != "5.0" ||
						aws.ToString(j.WorkerType) != "G.1X" || aws.ToInt32(j.NumberOfWorkers) != 2 ||
						aws.ToInt32(j.Timeout) != 480 || j.MaxRetries != 0 || j.ExecutionProperty.MaxConcurrentRuns != 1 ||
						j.Role != testRoleARN {
						return fmt.Errorf("job on the server: %+v command %+v", j, j.Command)
					}
					if tags := g.jobTags("arn:aws:glue:us-east-1:123456789012:job/" + job); fmt.Sprint(tags) != "map[managed_by:terraform team:data]" {
						return fmt.Errorf("tags on the server: %v", tags)
					}
					if body, ok := acctest.ObjectBody(t, code, scriptKey(v1)); !ok || body != v1 {
						return fmt.Errorf("script object %s: %q (present %v), want the file's content", scriptKey(v1), body, ok)
					}
					if body, ok := acctest.ObjectBody(t, code, modKey); !ok || body != mod {
						return fmt.Errorf("module object %s: %q (present %v)", modKey, body, ok)
					}
					return nil
				},
			},
			{
				ResourceName:            etlJobAddr,
				ImportState:             true,
				ImportStateId:           job,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"script_source", "extra_py_files"},
			},
			{
				Config: etlJobConfig(g, prefix, dir, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlJobAddr, plancheck.ResourceActionUpdate),
					// 4 workers and 2 retries exceed plangate's default limits (2 and 1).
					expectPlangate{address: etlJobAddr, fail: []string{"SC-AWS-GLUE-004", "SC-AWS-GLUE-005"},
						pass: []string{"SC-AWS-GLUE-006"}},
				}},
				Check: func(*terraform.State) error {
					j := g.job(job)
					if j.MaxRetries != 2 || aws.ToInt32(j.NumberOfWorkers) != 4 {
						return fmt.Errorf("after update: MaxRetries %d NumberOfWorkers %d, want 2 and 4", j.MaxRetries, aws.ToInt32(j.NumberOfWorkers))
					}
					if tags := g.jobTags("arn:aws:glue:us-east-1:123456789012:job/" + job); fmt.Sprint(tags) != "map[managed_by:terraform team:analytics]" {
						return fmt.Errorf("tags after update: %v", tags)
					}
					// The lake is versioned: an unchanged script is not uploaded again.
					if keys := ownedKeys(t, code, job); len(keys) != 2 {
						return fmt.Errorf("object versions after an update that changed no file: %v, want the script and the module once each", keys)
					}
					return nil
				},
			},
			{
				// The script changes on disk; the configuration does not.
				PreConfig: func() { writeFile(t, filepath.Join(dir, "orders.py"), v2) },
				Config:    etlJobConfig(g, prefix, dir, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlJobAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("script_sha256"), knownvalue.StringExact(sha256Hex(v2))),
					plancheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("script_location"), knownvalue.StringExact("s3://"+code+"/"+scriptKey(v2))),
				}},
				Check: func(*terraform.State) error {
					if loc := g.job(job).Command.ScriptLocation; loc != "s3://"+code+"/"+scriptKey(v2) {
						return fmt.Errorf("job runs %s after the script change", loc)
					}
					if body, ok := acctest.ObjectBody(t, code, scriptKey(v2)); !ok || body != v2 {
						return fmt.Errorf("new script object: %q (present %v)", body, ok)
					}
					if _, ok := acctest.ObjectBody(t, code, scriptKey(v1)); ok {
						return fmt.Errorf("the replaced script %s is still in the bucket", scriptKey(v1))
					}
					if _, ok := acctest.ObjectBody(t, code, modKey); !ok {
						return fmt.Errorf("the unchanged module %s was deleted", modKey)
					}
					return nil
				},
			},
			{
				// Drift: retries, the source path and tags changed in the console.
				PreConfig: func() {
					g.change(job, func(j *fakeJob) {
						j.MaxRetries = 7
						j.DefaultArguments["--source-path"] = "s3://somewhere-else/"
					})
					g.mu.Lock()
					g.tags["arn:aws:glue:us-east-1:123456789012:job/"+job]["team"] = "ops"
					g.tags["arn:aws:glue:us-east-1:123456789012:job/"+job]["added_by_hand"] = "yes"
					g.mu.Unlock()
				},
				Config: etlJobConfig(g, prefix, dir, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(etlJobAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("max_retries"), knownvalue.Int64Exact(2)),
					plancheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("source"), knownvalue.StringExact(raw)),
				}},
				Check: func(*terraform.State) error {
					j := g.job(job)
					if j.MaxRetries != 2 || j.DefaultArguments["--source-path"] != "s3://"+raw+"/" {
						return fmt.Errorf("drift not undone: MaxRetries %d, --source-path %s", j.MaxRetries, j.DefaultArguments["--source-path"])
					}
					if tags := g.jobTags("arn:aws:glue:us-east-1:123456789012:job/" + job); fmt.Sprint(tags) != "map[managed_by:terraform team:analytics]" {
						return fmt.Errorf("tag drift not undone: %v", tags)
					}
					return nil
				},
			},
			{
				Config: etlJobConfig(g, prefix, dir, updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// TestAccETLJob_destroyDeletesScripts: destroying a Python shell job deletes every version of
// the objects it uploaded, and nothing else in the bucket (another job's artifact, other files).
func TestAccETLJob_destroyDeletesScripts(t *testing.T) {
	g := newFakeGlue(t)
	ctx := context.Background()
	bucket := lakePrefix(t) + "-code"
	job := "acc-shell-" + acctest.RandomName("acc")[4:]
	c := acctest.S3Client(t)
	mustDo(t, func() error {
		_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
		return err
	})
	others := []string{"notes/readme.txt", "etl/" + job + "-other/0000/other.py"}
	for _, k := range others {
		mustDo(t, func() error {
			_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(k), Body: strings.NewReader("keep")})
			return err
		})
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "shell.py"), "print('shell')\n")
	scriptKey := "etl/" + job + "/" + sha256Hex("print('shell')\n") + "/shell.py"
	cfg := etlProviderConfig(g) + fmt.Sprintf(`
resource "supplychain_etl_job" "orders" {
  name          = %q
  role_arn      = %q
  command       = "pythonshell"
  script_source = "%s/shell.py"
  script_bucket = %q
}
`, job, testRoleARN, dir, bucket)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		CheckDestroy: func(*terraform.State) error {
			if keys := ownedKeys(t, bucket, job); len(keys) != 0 {
				return fmt.Errorf("objects of the job left after destroy: %v", keys)
			}
			for _, k := range others {
				if _, ok := acctest.ObjectBody(t, bucket, k); !ok {
					return fmt.Errorf("destroy deleted %s, which the job does not own", k)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("python_version"), knownvalue.StringExact("3.9")),
				statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("glue_version"), knownvalue.StringExact("3.0")),
				statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("worker_type"), knownvalue.Null()),
			},
			Check: func(*terraform.State) error {
				j := g.job(job)
				if j == nil || j.Command.Name != "pythonshell" || j.WorkerType != nil || j.NumberOfWorkers != nil {
					return fmt.Errorf("python shell job on the server: %+v", j)
				}
				if keys := ownedKeys(t, bucket, job); len(keys) != 1 {
					return fmt.Errorf("uploaded objects %v, want the script", keys)
				}
				return nil
			},
		}, {
			// The uploaded script is deleted out of band: the plan uploads it again.
			PreConfig: func() {
				mustDo(t, func() error {
					_, err := c.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(scriptKey)})
					return err
				})
			},
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(etlJobAddr, plancheck.ResourceActionUpdate),
			}},
			Check: func(*terraform.State) error {
				if _, ok := acctest.ObjectBody(t, bucket, scriptKey); !ok {
					return fmt.Errorf("script %s not uploaded again", scriptKey)
				}
				return nil
			},
		}, {
			// The job is deleted out of band: it is removed from state and created again.
			PreConfig: func() {
				g.mu.Lock()
				delete(g.jobs, job)
				g.mu.Unlock()
			},
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(etlJobAddr, plancheck.ResourceActionCreate),
			}},
			Check: func(*terraform.State) error {
				if g.job(job) == nil {
					return fmt.Errorf("job %s not created again", job)
				}
				return nil
			},
		}},
	})
}

// TestAccETLJob_existingScript: a script already in S3 is used as it is; nothing is uploaded and
// a second plan is empty.
func TestAccETLJob_existingScript(t *testing.T) {
	g := newFakeGlue(t)
	job := "acc-existing-" + lakePrefix(t)[4:]
	cfg := etlProviderConfig(g) + fmt.Sprintf(`
resource "supplychain_etl_job" "orders" {
  name            = %q
  role_arn        = %q
  script_location = "s3://shared-scripts/etl/orders.py"
  source          = "s3://landing-zone/orders/"
}
`, job, testRoleARN)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				// plangate's Glue job rules judge the resource in a real plan: no security
				// configuration fails; the defaults pass the command, timeout and capacity limits.
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectPlangate{address: etlJobAddr, fail: []string{"SC-AWS-GLUE-001"},
						pass: []string{"SC-AWS-GLUE-004", "SC-AWS-GLUE-005", "SC-AWS-GLUE-006"}},
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(etlJobAddr, tfjsonpath.New("script_sha256"), knownvalue.StringExact("")),
				},
				Check: func(*terraform.State) error {
					j := g.job(job)
					if j.Command.ScriptLocation != "s3://shared-scripts/etl/orders.py" || j.DefaultArguments["--source-path"] != "s3://landing-zone/orders/" {
						return fmt.Errorf("job on the server: %+v %v", j.Command, j.DefaultArguments)
					}
					if _, ok := j.DefaultArguments["--extra-py-files"]; ok {
						return fmt.Errorf("--extra-py-files set without extra_py_files")
					}
					return nil
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{ResourceName: etlJobAddr, ImportState: true, ImportStateId: job, ImportStateVerify: true},
		},
	})
}

// TestAccETLJob_createError: a failed CreateJob names the operation and the job and ends with
// Glue's error, and the script it uploaded for the job is deleted again; an object already under
// the job's prefix (another job of that name, not in this state) is left alone.
func TestAccETLJob_createError(t *testing.T) {
	g := newFakeGlue(t)
	ctx := context.Background()
	job := "acc-denied-" + lakePrefix(t)[4:]
	g.failCreate = job
	bucket := lakePrefix(t) + "-code"
	c := acctest.S3Client(t)
	mustDo(t, func() error {
		_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
		return err
	})
	existing := "etl/" + job + "/" + sha256Hex("old") + "/old.py"
	mustDo(t, func() error {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(existing), Body: strings.NewReader("old")})
		return err
	})
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "orders.py"), "print('denied')\n")
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
		Steps: []resource.TestStep{{
			Config: etlProviderConfig(g) + fmt.Sprintf(`
resource "supplychain_etl_job" "orders" {
  name          = %q
  role_arn      = %q
  script_source = "%s/orders.py"
  script_bucket = %q
}
`, job, testRoleARN, dir, bucket),
			ExpectError: acctest.ErrorMatching(`(?s)creating Glue job \(` + job + `\): .*AccessDeniedException`),
		}},
	})
	if keys := ownedKeys(t, bucket, job); len(keys) != 1 || keys[0] != existing {
		t.Fatalf("objects under the job's prefix after the failed create: %v, want only %s", keys, existing)
	}
}

// TestAccETLJob_invalidConfig: bad input fails at plan, before any AWS call.
func TestAccETLJob_invalidConfig(t *testing.T) {
	cases := map[string]struct{ body, err string }{
		"bad name":        {`name = "orders job!"`, `must be 1 to 255 letters`},
		"bad role":        {`role_arn = "glue-etl"`, `must be an IAM role ARN`},
		"bad worker type": {`worker_type = "G.3X"`, `worker_type`},
		"bad command":     {`command = "gluestreaming"`, `command`},
		"bad bookmarks":   {`job_bookmarks = "on"`, `job_bookmarks`},
		"managed arg":     {`default_arguments = { "--source-path" = "s3://x/" }`, `set from the resource's own attributes \(source\)`},
		"arg without --":  {`default_arguments = { "enable-metrics" = "true" }`, `starting with --`},
		"workers on shell": {`command = "pythonshell"
  number_of_workers = 2`, `runs on capacity, not on workers`},
		"python 3.9 on spark": {`python_version = "3.9"`, `glueetl job takes python_version "3"`},
		"bad source":          {`source = "Not_A_Bucket"`, `Invalid S3 location`},
		"timeout too long":    {`timeout = 20000`, `timeout`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			lines := map[string]string{
				"name": `name = "orders"`, "role_arn": `role_arn = "` + testRoleARN + `"`,
			}
			key := strings.SplitN(c.body, " ", 2)[0]
			lines[key] = c.body
			body := strings.Join([]string{lines["name"], lines["role_arn"]}, "\n  ")
			if key != "name" && key != "role_arn" {
				body += "\n  " + c.body
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config: "provider \"supplychain\" {\n  region = \"us-east-1\"\n}\n" +
						"resource \"supplychain_etl_job\" \"x\" {\n  " + body + "\n  script_location = \"s3://code-bucket/orders.py\"\n}\n",
					PlanOnly:    true,
					ExpectError: acctest.ErrorMatching(c.err),
				}},
			})
		})
	}
	for name, c := range map[string]struct{ body, err string }{
		"both script sources": {`script_location = "s3://code-bucket/a.py"
  script_source = "a.py"
  script_bucket = "code-bucket"`, `script_location`},
		"no script":             {``, `script_location`},
		"upload without bucket": {`script_source = "a.py"`, `Missing script bucket`},
		"missing script file": {`script_source = "/nonexistent/orders.py"
  script_bucket = "code-bucket"`, `reading script_source for Glue job \(orders\): open /nonexistent/orders.py`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
				Steps: []resource.TestStep{{
					Config: "provider \"supplychain\" {\n  region = \"us-east-1\"\n}\n" +
						"resource \"supplychain_etl_job\" \"x\" {\n  name = \"orders\"\n  role_arn = \"" + testRoleARN + "\"\n  " + c.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: acctest.ErrorMatching(c.err),
				}},
			})
		})
	}
}
