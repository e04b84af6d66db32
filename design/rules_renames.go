package design

// RuleInvalidRename reports a `states_renamed_from` or `values_renamed_from`
// entry that cannot be a rename.
var RuleInvalidRename = &Rule{Name: "invalid-rename", Severity: Error, Doc: `A renamed state or enum value that cannot be a rename.

` + "`states_renamed_from: {NEW: OLD}`" + ` on a state machine and ` + "`values_renamed_from: {NEW: OLD}`" + `
on an enum tell migrations that a state or value was renamed, so that every row,
default, index and trigger keeps it (ALTER TYPE ... RENAME VALUE). NEW must be
one of the machine's states (or the enum's values); OLD must not be one any
more, unless it is renamed too (a swap); and two new names cannot come from the
same old one.

Bad:
    states:
      order_status:
        states_renamed_from: { active: in_progress, done: in_progress }
Good:
    states:
      order_status:
        states_renamed_from: { active: in_progress }

Fix: map each new name to the one old name it replaces.`}
