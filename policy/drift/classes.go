package drift

import "github.com/nexabrands/supplychain/policy/internal/glob"

// DefaultBenign are the attribute names whose drift is benign: labels, free text and values the
// cloud updates by itself. A change is benign when any object key of its path matches one of
// these globs (so tags, tags.owner and raw.tags.owner all do). The known-drift file can add to the
// list (benign_attributes) or replace it (default_benign: false).
var DefaultBenign = []string{
	"tags", "tags_all", "labels", "description", "etag", "version_id",
	"timestamp", "*_timestamp", "created_at", "updated_at", "last_modified", "last_modified_date",
	"last_updated", "last_updated_date", "modified_date", "create_date", "creation_date",
}

// DefaultCost are the attribute names whose drift changes what a resource costs (size, count,
// class, throughput). The known-drift file can add to the list (cost_attributes).
var DefaultCost = []string{
	"instance_type", "instance_class", "node_type", "number_of_nodes", "cluster_type",
	"allocated_storage", "max_allocated_storage", "storage_type", "iops", "throughput",
	"size", "volume_size", "volume_type", "ebs_block_device",
	"worker_type", "number_of_workers", "max_capacity", "desired_capacity", "min_size", "max_size",
	"desired_size", "storage_class", "billing_mode", "read_capacity", "write_capacity",
	"multi_az", "engine_version", "capacity_units",
}

type classLists struct{ benign, cost []string }

// classify gives a change's classes from the object keys of its path: benign and cost when a key
// matches those lists, other when none does.
func (l classLists) classify(keys []string) []Class {
	var out []Class
	if anyKeyMatches(l.cost, keys) {
		out = append(out, Cost)
	}
	if anyKeyMatches(l.benign, keys) {
		out = append(out, Benign)
	}
	if len(out) == 0 {
		out = append(out, Other)
	}
	return out
}

func anyKeyMatches(globs, keys []string) bool {
	for _, k := range keys {
		for _, g := range globs {
			if glob.Match(g, k) {
				return true
			}
		}
	}
	return false
}
