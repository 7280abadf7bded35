// Package lake names the data lake's three buckets. Everything a bucket's settings need (read,
// apply, compare, empty, delete) lives in internal/securebucket, which the state backend
// (bootstrap) uses too; the names below are aliases of it, so the lake has one implementation.
package lake

import (
	"strings"

	"github.com/nexabrands/supplychain/internal/securebucket"
)

// Role names a bucket's part in the lake.
type Role string

// The lake's three buckets.
const (
	Raw         Role = "raw"
	Code        Role = "code"
	Transformed Role = "transformed"
)

// Roles lists the roles in a fixed order.
var Roles = []Role{Raw, Code, Transformed}

// Aliases of the shared secure-bucket implementation.
type (
	Encryption        = securebucket.Encryption
	PublicAccessBlock = securebucket.PublicAccessBlock
	Lifecycle         = securebucket.Lifecycle
	Settings          = securebucket.Settings
	Client            = securebucket.Client
	UnsupportedError  = securebucket.UnsupportedError
	OpError           = securebucket.OpError
	ExistsError       = securebucket.ExistsError
)

// ErrNotFound reports that a bucket does not exist.
var ErrNotFound = securebucket.ErrNotFound

// Differences names the settings of have that differ from want (securebucket.Differences).
func Differences(want, have Settings) []string { return securebucket.Differences(want, have) }

// Fresh is what the lake assumes of a bucket it has just created (securebucket.Fresh).
func Fresh() Settings { return securebucket.Fresh() }

// IsUnsupported reports whether err says the endpoint lacks a feature.
func IsUnsupported(err error) bool { return securebucket.IsUnsupported(err) }

// BucketNames lists the names in a stable order, for messages.
func BucketNames(names map[Role]string) string {
	out := make([]string, 0, len(names))
	for _, r := range Roles {
		if n, ok := names[r]; ok {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}
