// Package acctest is what the provider's acceptance tests stand on, in the manner of
// terraform-provider-aws's internal/acctest: one provider factory, one pre-check, the local
// servers the tests run against, and check functions that ask those servers (not the state)
// whether the provider did what it says.
//
// The servers are the in-process S3 stand-in (tools/devenv/localenv, kumo) and a throwaway
// PostgreSQL cluster. Each starts on the first test that needs it, once per test binary, and
// Main stops both when the tests end. Each warehouse test gets a database of its own, dropped
// when the test ends; each lake test deletes its buckets when it ends.
//
// A test package uses it as
//
//	func TestMain(m *testing.M) { acctest.Main(m) }
//
//	func TestAccThing_basic(t *testing.T) {
//		wh := acctest.NewWarehouse(t) // or acctest.S3Endpoint(t) for the lake
//		resource.Test(t, resource.TestCase{
//			PreCheck:                 func() { acctest.PreCheck(t) },
//			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(t),
//			...
package acctest

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	sdkacctest "github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/nexabrands/supplychain/provider"
)

// ProviderName is the provider's type name in configurations.
const ProviderName = "supplychain"

// Main runs the tests of a package, then stops the servers they started and exits.
func Main(m *testing.M) {
	code := m.Run()
	if err := stopServers(); err != nil {
		os.Stderr.WriteString("acctest: " + err.Error() + "\n")
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// PreCheck skips the test without TF_ACC, as resource.Test would, and fails it when no
// Terraform or OpenTofu CLI is there to run it. Every helper that starts a server calls it
// first, so that a skipped test starts nothing.
func PreCheck(t testing.TB) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run it through the Terraform (or OpenTofu) CLI")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		if st, err := os.Stat(p); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			t.Fatalf("TF_ACC_TERRAFORM_PATH=%s is not an executable file", p)
		}
		return
	}
	if _, err := exec.LookPath("terraform"); err != nil {
		t.Fatal("acceptance test: set TF_ACC_TERRAFORM_PATH to a Terraform or OpenTofu CLI (none on PATH); " +
			"`bash tools/devenv/install-tools.sh` builds both into .tools/bin")
	}
}

// closer is what the provider offers to close the warehouse pools of the runs it served.
type closer interface{ Close() }

// ProtoV6ProviderFactories serves a provider built with opts in-process to the CLI under test.
// One provider serves every command of the test. Its warehouse connections are closed by the
// factory and when the test ends: an in-process provider outlives each command, so nothing else
// would close them, and a test of many steps would run the cluster out of connections.
func ProtoV6ProviderFactories(t testing.TB, opts ...provider.Option) map[string]func() (tfprotov6.ProviderServer, error) {
	t.Helper()
	p := provider.New("acctest", opts...)()
	c, ok := p.(closer)
	if !ok {
		t.Fatalf("the provider (%T) has no Close: its warehouse connections would outlive the test", p)
	}
	t.Cleanup(c.Close)
	serve := providerserver.NewProtocol6WithError(p)
	return map[string]func() (tfprotov6.ProviderServer, error){
		ProviderName: func() (tfprotov6.ProviderServer, error) {
			// The test framework asks for a server once per CLI command, after the servers of
			// the command before have stopped: the runs of earlier commands are over.
			c.Close()
			return serve()
		},
	}
}

// ErrorMatching compiles an ExpectError pattern in which each space matches any run of white
// space: Terraform and OpenTofu wrap a diagnostic's detail at their terminal width, so a phrase
// breaks across lines wherever the values before it (a random database name, a port) make it fall.
func ErrorMatching(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// HCLString quotes s as an HCL string (escapes quotes, backslashes, newlines and template markers).
func HCLString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "${", "$${", "%{", "%%{", "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// RandomName is prefix, a dash and 8 random lower-case letters and digits: a name no other test
// run uses (buckets, jobs).
func RandomName(prefix string) string {
	return prefix + "-" + sdkacctest.RandStringFromCharSet(8, "abcdefghijklmnopqrstuvwxyz0123456789")
}
