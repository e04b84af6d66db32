package migrate

import (
	"strconv"
	"strings"

	"github.com/schemagen/schemagen/design/schema"
)

// widens reports whether converting a column from sc's type to dc's type
// keeps every value exactly: integer to bigint, varchar(10) to varchar(20) or
// text, numeric(10,2) to numeric(12,2), and so on. An enum that keeps its
// values (it may gain some) widens to itself and to text.
func widens(sc, dc *schema.Column) bool {
	from, to := sc.TypeInfo, dc.TypeInfo
	if from.Array != to.Array {
		return false
	}
	if sc.Enum != nil || dc.Enum != nil {
		if dc.Enum == nil {
			return isText(to.Base) && to.Params == ""
		}
		if sc.Enum == nil {
			return false
		}
		have := map[string]bool{}
		for _, v := range dc.Enum.Values {
			have[v] = true
		}
		for _, v := range sc.Enum.Values {
			if !have[v] {
				return false
			}
		}
		return true
	}
	if from.Base == to.Base && from.Params == to.Params {
		return true
	}
	intRank := map[string]int{"smallint": 1, "integer": 2, "bigint": 3}
	switch {
	case intRank[from.Base] > 0 && intRank[to.Base] > 0:
		return intRank[to.Base] >= intRank[from.Base]
	case intRank[from.Base] > 0 && to.Base == "numeric":
		p, s, ok := numericParams(to.Params)
		digits := map[string]int{"smallint": 5, "integer": 10, "bigint": 19}[from.Base]
		return !ok || p-s >= digits
	case from.Base == "real" && to.Base == "double precision":
		return true
	case from.Base == "numeric" && to.Base == "numeric":
		if to.Params == "" {
			return true
		}
		if from.Params == "" {
			return false
		}
		fp, fs, ok1 := numericParams(from.Params)
		tp, ts, ok2 := numericParams(to.Params)
		return ok1 && ok2 && ts >= fs && tp-ts >= fp-fs
	case isText(from.Base) && isText(to.Base):
		if to.Params == "" && to.Base != "char" {
			return true
		}
		if from.Params == "" || from.Base == "char" && to.Base != "char" && to.Base != "varchar" {
			return false
		}
		fn, _ := strconv.Atoi(from.Params)
		tn, _ := strconv.Atoi(to.Params)
		return tn >= fn && (to.Base != "char" || from.Base == "char")
	case from.Base == "timestamp" && to.Base == "timestamptz":
		return true
	case from.Base == "date" && (to.Base == "timestamp" || to.Base == "timestamptz"):
		return true
	case from.Base == "json" && to.Base == "jsonb":
		return true
	case isText(to.Base) && to.Params == "" && to.Base != "char":
		// Every type has a text form; the cast keeps it exactly.
		return true
	}
	return false
}

func isText(base string) bool {
	switch base {
	case "text", "varchar", "char", "citext":
		return true
	}
	return false
}

// numericParams parses "p,s" or "p".
func numericParams(params string) (p, s int, ok bool) {
	if params == "" {
		return 0, 0, false
	}
	ps, ss, hasScale := strings.Cut(params, ",")
	p, err := strconv.Atoi(ps)
	if err != nil {
		return 0, 0, false
	}
	if hasScale {
		if s, err = strconv.Atoi(ss); err != nil {
			return 0, 0, false
		}
	}
	return p, s, true
}

// keepsSpelling reports whether a column of the type holds a value exactly as
// it was written: text does, an integer does not ('007' is stored as 7),
// nor jsonb (whitespace and key order are normalised).
func keepsSpelling(c *schema.Column) bool {
	if c.Enum != nil {
		return true
	}
	return isText(c.TypeInfo.Base) || c.TypeInfo.Base == "json"
}
