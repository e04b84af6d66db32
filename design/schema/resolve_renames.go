package schema

import "github.com/schemagen/schemagen/design"

// ValueRename is a state or enum value renamed since the previous version
// of the design: migrations write ALTER TYPE ... RENAME VALUE Old TO New.
type ValueRename struct {
	New, Old string
	Pos      design.Pos // of the new name
}

// valueRenames checks the renames of an enum's values (or a machine's
// states) against its values and returns them: a new name must be a value,
// an old one must not be, unless it is renamed too (a swap, a cycle), and no
// old name is renamed twice.
func (r *resolver) valueRenames(what, name string, values []string, renames []design.Rename) []ValueRename {
	if len(renames) == 0 {
		return nil
	}
	kind := "value"
	if what == "state machine" {
		kind = "state"
	}
	have := make(map[string]bool, len(values))
	for _, v := range values {
		have[v] = true
	}
	renamedAway := map[string]bool{}
	for _, rn := range renames {
		renamedAway[rn.New.Name] = true
	}
	fromOld := map[string]string{}
	var out []ValueRename
	for _, rn := range renames {
		switch {
		case !have[rn.New.Name]:
			r.rep.Report(rn.New.Pos, design.RuleInvalidRename, "rename the "+kind+" in its list too, or remove the entry",
				"%s %q has no %s %q to be renamed from %q", what, name, kind, rn.New.Name, rn.Old.Name)
		case rn.New.Name == rn.Old.Name:
			r.rep.Report(rn.Old.Pos, design.RuleInvalidRename, "remove the entry", "%s %q: %s %q is renamed from itself", what, name, kind, rn.New.Name)
		case have[rn.Old.Name] && !renamedAway[rn.Old.Name]:
			r.rep.Report(rn.Old.Pos, design.RuleInvalidRename, "remove the entry, or rename "+rn.Old.Name+" too",
				"%s %q: %s %q is renamed from %q, which is still one of its %ss", what, name, kind, rn.New.Name, rn.Old.Name, kind)
		case fromOld[rn.Old.Name] != "":
			r.rep.Report(rn.Old.Pos, design.RuleInvalidRename, "map each new name to the one old name it replaces",
				"%s %q: %q and %q are both renamed from %q", what, name, fromOld[rn.Old.Name], rn.New.Name, rn.Old.Name)
		default:
			fromOld[rn.Old.Name] = rn.New.Name
			out = append(out, ValueRename{New: rn.New.Name, Old: rn.Old.Name, Pos: rn.New.Pos})
		}
	}
	return out
}
