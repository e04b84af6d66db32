package preview

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/schemagen/schemagen/design/schema"
)

// GroupRenderer draws the ER picture of one group of a design as SVG, or of
// the tables without a group when ungrouped is true. It returns a
// *NothingToDraw when the design has no such group.
type GroupRenderer func(s *schema.Schema, group string, ungrouped bool) ([]byte, error)

// GroupHref is the page's address of a group's picture ("" for the tables
// without a group): the ER diagram's overview links its boxes there, and the
// page shows that picture in its ER tab (the browser's back button returns).
func GroupHref(group string) string {
	if group == "" {
		return "/#er/ungrouped"
	}
	return "/#er/group/" + url.PathEscape(group)
}

// maxGroupName bounds the group names a request may ask for: longer ones are
// refused before anything is drawn or remembered.
const maxGroupName = 256

// serveGroupDiagram answers GET /api/diagram/group.svg?name=NAME (or
// ?ungrouped=1) with that group's picture of the newest good version.
func (s *Server) serveGroupDiagram(w http.ResponseWriter, r *http.Request) {
	if s.opts.RenderGroup == nil {
		http.Error(w, "this build of schemagen cannot draw group pictures", http.StatusNotImplemented)
		return
	}
	q := r.URL.Query()
	name, ungrouped := q.Get("name"), q.Get("ungrouped") == "1"
	switch {
	case ungrouped && name != "", !ungrouped && name == "":
		http.Error(w, "ask for ?name=GROUP or ?ungrouped=1", http.StatusBadRequest)
		return
	case len(name) > maxGroupName:
		http.Error(w, "group name too long", http.StatusBadRequest)
		return
	}
	key, what := "group:"+name, "the picture of group "+name
	if ungrouped {
		key, what = "ungrouped", "the picture of the ungrouped tables"
	}
	s.answerDiagram(w, r, what, func(g *goodDesign) ([]byte, error) {
		svg, err := s.renderWith(r.Context(), g, key, func(sc *schema.Schema) ([]byte, error) {
			return s.opts.RenderGroup(sc, name, ungrouped)
		})
		var missing *NothingToDraw
		if errors.As(err, &missing) {
			g.artifacts.forget(key) // any name may be asked for: remember only real groups
		}
		return svg, err
	})
}
