package diagram

import (
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/schemagen/schemagen/design/schema"
)

// Picture is one file of a split diagram.
type Picture struct {
	Name string // the group or machine drawn, or "overview"
	File string // a safe file name, with the format's extension
	Data []byte
}

// Split draws a design as several pictures. For ER diagrams: an overview of
// the groups and the links between them, then one picture per group (tables
// without a group form one more picture, "ungrouped"); every table is drawn in
// full in exactly one group picture, and tables of other groups it links to
// appear as dashed name boxes. For state diagrams: one picture per machine.
func Split(s *schema.Schema, opts Options, format string) ([]Picture, error) {
	if s == nil {
		return nil, fmt.Errorf("no schema to draw")
	}
	f, ok := FormatByName(format)
	ext := ""
	if ok {
		ext = f.Extensions[0]
	} else {
		return nil, optionErrorf("unknown diagram format %q: use %s", format, formatList())
	}
	kind, err := opts.kind()
	if err != nil {
		return nil, err
	}
	if opts.Focus != "" || opts.Group != "" || opts.Machine != "" {
		return nil, optionErrorf("--split draws the whole design; it cannot be combined with --focus, --group or --machine")
	}
	var pics []Picture
	switch kind {
	case Flow:
		return nil, optionErrorf("--split draws ER diagrams (one picture per group) and state diagrams (one per machine), not the flow")
	case States:
		names := fileNames{used: map[string]bool{}}
		if len(s.Machines) == 0 {
			return nil, optionErrorf("the design has no state machines to draw (add a `states` section)")
		}
		for _, m := range s.Machines {
			data, err := Render(s, Options{Kind: States, Machine: m.Name, Engine: opts.Engine}, format)
			if err != nil {
				return nil, fmt.Errorf("machine %s: %w", m.Name, err)
			}
			pics = append(pics, Picture{Name: m.Name, File: names.take(m.Name) + ext, Data: data})
		}
		return pics, nil
	}
	grouping := groupsOf(s)
	overviewFile, files := splitFiles(s, grouping, ext)
	_, ungrouped := files[""]
	overview, err := drawOverview(s, opts.Engine, format, files)
	if err != nil {
		return nil, fmt.Errorf("overview: %w", err)
	}
	pics = append(pics, Picture{Name: "overview", File: overviewFile, Data: overview.Data})
	// The group pictures are independent: draw them concurrently (the
	// engine decides how many layouts really run at once), keeping the order.
	groups := make([]Picture, 0, len(grouping.order)+1)
	views := make([]Options, 0, len(grouping.order)+1)
	for _, g := range grouping.order {
		groups = append(groups, Picture{Name: g, File: files[g]})
		views = append(views, Options{Kind: ER, Group: g, Comments: opts.Comments, Engine: opts.Engine})
	}
	if ungrouped {
		groups = append(groups, Picture{Name: "ungrouped", File: files[""]})
		views = append(views, Options{Kind: ER, Ungrouped: true, Comments: opts.Comments, Engine: opts.Engine})
	}
	errs := make([]error, len(groups))
	var wg errgroup.Group
	wg.SetLimit(runtime.GOMAXPROCS(0))
	for i := range groups {
		wg.Go(func() error {
			groups[i].Data, errs[i] = Render(s, views[i], format)
			return nil
		})
	}
	_ = wg.Wait()
	for i, p := range groups {
		switch {
		case errs[i] == nil:
		case views[i].Ungrouped:
			return nil, fmt.Errorf("ungrouped tables: %w", errs[i])
		default:
			return nil, fmt.Errorf("group %s: %w", p.Name, errs[i])
		}
	}
	return append(pics, groups...), nil
}

// splitFiles names the files of an ER split: the overview's, and every
// group's ("" for the tables without a group, when there are any).
func splitFiles(s *schema.Schema, g *grouping, ext string) (overview string, files map[string]string) {
	names := fileNames{used: map[string]bool{}}
	overview = names.take("overview") + ext
	files = map[string]string{}
	for _, name := range g.order {
		files[name] = names.take(name) + ext
	}
	for _, t := range s.Tables {
		if g.of[t] == "" {
			files[""] = names.take("ungrouped") + ext
			break
		}
	}
	return overview, files
}

// fileNames hands out safe, distinct file names.
type fileNames struct{ used map[string]bool }

// take turns a name into a file name: lower case letters, digits, '-' and '_'
// only (no path separators, no dots, no leading '-'), at most 60 bytes, never a
// Windows device name, and distinct from every name taken before.
func (f fileNames) take(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		case r == '-' && b.Len() > 0:
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	base := strings.Trim(b.String(), "-")
	if len(base) > 60 {
		base = strings.TrimRight(base[:60], "-")
	}
	if base == "" {
		base = "group"
	}
	switch base {
	case "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "lpt1", "lpt2", "lpt3":
		base += "_"
	}
	out := base
	for i := 2; f.used[out]; i++ {
		out = fmt.Sprintf("%s-%d", base, i)
	}
	f.used[out] = true
	return out
}
