package migrate

import "fmt"

// StepFile is one golang-migrate version of a migration written in steps:
// the up and down SQL of NNNN_NAME.up.sql and NNNN_NAME.down.sql.
type StepFile struct {
	Migration Migration
	Up, Down  []byte
}

// StepFiles lays the plan's steps out as consecutive versions from first:
// up step i in version first+i, named NAME, then NAME_<step> (0007_add_refunds,
// 0008_add_refunds_index, ...). The down migration undoes the whole change,
// and golang-migrate runs down files from the highest version down, so its
// steps go, in order, into the down files of the highest versions; the other
// down files only say so. When the down migration has more steps than the up
// migration, the extra versions have an up file without statements. From and
// to name the two designs in the files' first lines.
func (p *Plan) StepFiles(first Migration, from, to string) []StepFile {
	n := max(len(p.UpSteps), len(p.DownSteps), 1)
	files := make([]StepFile, n)
	for i := range files {
		m := Migration{Version: first.Version + i, Name: first.Name}
		if i > 0 && i < len(p.UpSteps) {
			m.Name = first.Name + "_" + p.UpSteps[i].Name
		}
		files[i].Migration = m
	}
	last := files[n-1].Migration
	for i := range files {
		title := fmt.Sprintf("up: %s -> %s, step %d of %d", from, to, i+1, n)
		if i < len(p.UpSteps) {
			files[i].Up = []byte(p.UpSteps[i].SQL(title))
		} else {
			files[i].Up = []byte("-- schemagen migration, " + title + "\n-- No statements: this version gives a step of the down migration a file of its own.\n")
		}
		j := n - 1 - i // down step j is the (j+1)-th down file golang-migrate applies
		if j < len(p.DownSteps) {
			files[i].Down = []byte(p.DownSteps[j].SQL(fmt.Sprintf("down: %s -> %s, step %d of %d", to, from, j+1, len(p.DownSteps))))
		} else {
			files[i].Down = fmt.Appendf(nil, "-- schemagen migration, down: %s -> %s\n-- No statements: versions %04d to %04d are undone as a whole by the down files of the highest versions, from %s.down.sql.\n",
				to, from, first.Version, last.Version, last.Base())
		}
	}
	return files
}
