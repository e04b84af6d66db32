package design

import "slices"

// KeySet is the list of keys the loader accepts in one kind of map of the
// format. The JSON Schema of the format is generated from these lists, so
// that the schema and the loader cannot disagree about a key.
type KeySet struct {
	Map  string   // which map: "design", "entity", "field", ...
	Keys []string // in the order the format documents them
}

// KeySets returns the keys the loader accepts in every map of the format
// whose keys are fixed (the maps keyed by names, such as `entities`, are not listed).
func KeySets() []KeySet {
	sets := []KeySet{
		{"design", topKeys},
		{"extension", extensionKeys},
		{"entity", entityKeys},
		{"field", fieldKeys},
		{"index", indexKeys},
		{"unique", uniqueKeys},
		{"enum", enumKeys},
		{"domain", domainKeys},
		{"relationship", relationshipKeys},
		{"machine", machineKeys},
		{"failure", failureKeys},
		{"retry", retryKeys},
		{"flow_step", flowKeys},
		{"sql_block", sqlBlockKeys},
		{"partitioning", partitionKeys},
		{"partition", partitionItemKeys},
	}
	for i := range sets {
		sets[i].Keys = slices.Clone(sets[i].Keys)
	}
	return sets
}

// OnDeleteActions returns the referential actions `on_delete` and `on_update` accept.
func OnDeleteActions() []string { return slices.Clone(onDeleteActions) }

// SpecKeywords returns the keywords that may follow the type in a field's short form.
func SpecKeywords() []string {
	out := make([]string, 0, len(specKeywords))
	for k := range specKeywords {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
