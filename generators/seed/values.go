package seed

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/schemagen/schemagen/design/schema"
)

// null stands for SQL NULL among values: PostgreSQL text cannot hold a NUL byte.
const null = "\x00"

// unlimited is the capacity of a generator that never runs out of distinct values.
const unlimited = math.MaxInt

// epoch is where the seeded story starts: the first row of every table is
// created then, the others after it.
var epoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// rowTime is when row number row of a table of n rows was created: spread
// evenly over up to two years, at most an hour apart.
func rowTime(row, n int) time.Time {
	step := 2 * 365 * 24 * time.Hour / time.Duration(max(n, 1))
	step = min(step, time.Hour)
	return epoch.Add(time.Duration(row) * step)
}

// column writes the values of one column, row after row, from its own random
// stream: the values of a column never depend on the other columns, so a
// column can be written early (a key that a cycle references) and still
// come out the same.
type column struct {
	c        *schema.Column
	table    *table
	r        *rand.Rand
	f        *gofakeit.Faker
	rule     rule
	unique   bool // every row gets a distinct value
	nullRate float64
	seen     map[string]bool // distinct pattern values so far, for unique pattern columns
}

// base is the column's type without array dimensions, serial read as its integer type.
func (g *column) base() string {
	switch b := g.c.TypeInfo.Base; b {
	case "serial":
		return "integer"
	case "bigserial":
		return "bigint"
	case "smallserial":
		return "smallint"
	default:
		return b
	}
}

// capacity is how many distinct values the column can hold under its check.
func (g *column) capacity() int {
	if len(g.rule.in) > 0 {
		return len(g.rule.in)
	}
	if g.c.TypeInfo.Array > 0 {
		return unlimited
	}
	if g.c.Enum != nil {
		return len(g.c.Enum.Values)
	}
	switch g.base() {
	case "boolean":
		return 2
	case "smallint", "integer", "bigint":
		lo, hi := g.intBounds(true)
		if hi-lo >= math.MaxInt32 {
			return unlimited
		}
		return max(int(hi-lo)+1-len(g.rule.notIn), 0)
	case "char", "varchar", "text", "citext", "name":
		if n := g.maxLen(); n > 0 && n < 6 && g.rule.regex == nil {
			c := 1
			for i := 0; i < n && c < unlimited/36; i++ {
				c *= 36
			}
			return c
		}
	}
	if _, ok := fixedValue(g.base()); ok {
		return 1
	}
	return unlimited
}

// value returns the value of row number row; rows are asked for in order,
// each once.
func (g *column) value(row int) string {
	if g.rule.alwaysNull {
		return null
	}
	if g.c.Nullable && !g.unique && !g.rule.notNull && g.r.Float64() < g.nullRate {
		return null
	}
	if len(g.rule.in) > 0 {
		if g.unique {
			return g.rule.in[row%len(g.rule.in)]
		}
		return g.rule.in[g.r.IntN(len(g.rule.in))]
	}
	if g.c.TypeInfo.Array > 0 {
		return g.array()
	}
	if g.c.Enum != nil {
		vals := g.c.Enum.Values
		if g.unique {
			return vals[row%len(vals)]
		}
		return vals[g.r.IntN(len(vals))]
	}
	switch b := g.base(); b {
	case "boolean":
		if g.unique {
			return strconv.FormatBool(row%2 == 1)
		}
		return strconv.FormatBool(g.r.IntN(2) == 1)
	case "smallint", "integer", "bigint":
		return g.integer(row)
	case "numeric", "real", "double precision", "money":
		return g.decimal(row)
	case "text", "varchar", "char", "citext", "name":
		return g.text(row)
	case "uuid":
		var u [16]byte
		binaryPut(u[:8], g.r.Uint64())
		binaryPut(u[8:], uint64(row))
		u[6] = u[6]&0x0f | 0x40
		u[8] = u[8]&0x3f | 0x80 // the variant bits take the row's top bits, never reached
		h := hex.EncodeToString(u[:])
		return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	case "timestamptz", "timestamp", "date", "time", "timetz":
		return g.timeValue(row)
	case "interval":
		return fmt.Sprintf("%d minutes", 1+g.r.IntN(600))
	case "json", "jsonb":
		if g.unique {
			return fmt.Sprintf(`{"n": %d}`, row)
		}
		return fmt.Sprintf(`{"note": %q}`, g.f.Word())
	case "bytea":
		return fmt.Sprintf(`\x%016x%08x`, g.r.Uint64(), row)
	case "inet":
		return fmt.Sprintf("10.%d.%d.%d", row>>16&255, row>>8&255, row&255)
	case "cidr":
		return fmt.Sprintf("10.%d.%d.0/24", row>>8&255, row&255)
	case "macaddr":
		return fmt.Sprintf("08:00:2b:%02x:%02x:%02x", row>>16&255, row>>8&255, row&255)
	}
	v, _ := fixedValue(g.base())
	return v
}

// fixedValue is one valid literal of a type seed has no generator for.
func fixedValue(base string) (string, bool) {
	v, ok := map[string]string{
		"tsvector": "sample", "tsquery": "sample", "xml": "<sample/>", "bit": "1", "varbit": "1",
		"point": "(1,2)", "line": "{1,-1,0}", "lseg": "[(0,0),(1,1)]", "box": "(1,1),(0,0)",
		"path": "[(0,0),(1,1)]", "polygon": "((0,0),(1,1),(1,0))", "circle": "<(0,0),1>",
		"int4range": "[1,10)", "int8range": "[1,10)", "numrange": "[1,10)",
		"tsrange": "[2024-01-01,2024-01-02)", "tstzrange": "[2024-01-01,2024-01-02)", "daterange": "[2024-01-01,2024-01-08)",
		"int4multirange": "{[1,10)}", "int8multirange": "{[1,10)}", "nummultirange": "{[1,10)}",
		"tsmultirange": "{}", "tstzmultirange": "{}", "datemultirange": "{}",
		"macaddr8": "08:00:2b:01:02:03:04:05", "oid": "1", "regclass": "pg_class", "pg_lsn": "0/0",
		"jsonpath": "$.a", "regconfig": "simple", "hstore": "a=>1", "ltree": "top.sample", "cube": "(1,2)",
		`"char"`: "a", "xid": "1", "tid": "(0,1)",
	}[base]
	return v, ok
}

func binaryPut(b []byte, v uint64) {
	for i := range b {
		b[i] = byte(v >> (56 - 8*i))
	}
}

// nameHas reports whether the column's name contains one of the words.
func (g *column) nameHas(words ...string) bool {
	name := strings.ToLower(g.c.Name)
	for _, w := range words {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// intBounds are the bounds of an integer column: its type's, narrowed by its
// check and, unless the values must be distinct, by what its name suggests.
func (g *column) intBounds(unique bool) (lo, hi int64) {
	lo, hi = math.MinInt32, math.MaxInt32
	switch g.base() {
	case "smallint":
		lo, hi = math.MinInt16, math.MaxInt16
	case "bigint":
		lo, hi = -(1 << 53), 1<<53
	}
	clo, chi := lo, hi
	if !math.IsInf(g.rule.lo, -1) {
		clo = int64(math.Ceil(g.rule.lo))
		if g.rule.loOpen && float64(clo) == g.rule.lo {
			clo++
		}
		clo = max(clo, lo)
	}
	if !math.IsInf(g.rule.hi, 1) {
		chi = int64(math.Floor(g.rule.hi))
		if g.rule.hiOpen && float64(chi) == g.rule.hi {
			chi--
		}
		chi = min(chi, hi)
	}
	if unique {
		if clo == lo {
			clo = max(1, lo)
			if chi < clo {
				clo = lo
			}
		}
		return clo, chi
	}
	nlo, nhi := g.nameRange()
	if nlo < clo || nlo > chi {
		nlo = clo
	}
	if nhi > chi || nhi < nlo {
		nhi = min(chi, nlo+1000)
	}
	return nlo, nhi
}

// nameRange is the range of plausible values for a number named like this.
func (g *column) nameRange() (int64, int64) {
	switch {
	case g.nameHas("cents", "price", "amount", "total", "cost", "fare", "balance", "fee", "salary"):
		return 100, 100000
	case g.nameHas("quantity", "qty"):
		return 1, 10
	case g.nameHas("count", "attempts", "retries", "pending"):
		return 0, 20
	case g.nameHas("rating", "stars"):
		return 1, 5
	case g.nameHas("age"):
		return 18, 90
	case g.nameHas("year"):
		return 1970, 2025
	case g.nameHas("month"):
		return 1, 12
	case g.nameHas("day"):
		return 1, 28
	case g.nameHas("hour"):
		return 0, 23
	case g.nameHas("minute", "second"):
		return 0, 59
	case g.nameHas("percent", "score"):
		return 0, 100
	}
	return 0, 1000
}

func (g *column) integer(row int) string {
	lo, hi := g.intBounds(g.unique)
	if g.unique {
		// Distinct values from lo up, stepping over the ones the check refuses.
		v := lo + int64(row)
		var refused []int64
		for _, s := range g.rule.notIn {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				refused = append(refused, n)
			}
		}
		slices.Sort(refused)
		for _, n := range refused {
			if n <= v && n >= lo {
				v++
			}
		}
		return strconv.FormatInt(v, 10)
	}
	for i := 0; i < 10; i++ {
		v := strconv.FormatInt(lo+g.r.Int64N(hi-lo+1), 10)
		if !slices.Contains(g.rule.notIn, v) {
			return v
		}
	}
	return strconv.FormatInt(lo, 10)
}

// scale is the number of decimals of a decimal column.
func (g *column) scale() (scale, precision int) {
	scale, precision = 2, 15
	if g.base() == "numeric" && g.c.TypeInfo.Params != "" {
		p, s, _ := strings.Cut(g.c.TypeInfo.Params, ",")
		precision, _ = strconv.Atoi(p)
		scale, _ = strconv.Atoi(s)
	}
	return scale, precision
}

func (g *column) decimal(row int) string {
	scale, precision := g.scale()
	unit := math.Pow10(scale)
	limit := math.Pow10(min(precision, 15)) - 1 // in units
	lo, hi := -limit, limit
	if !math.IsInf(g.rule.lo, -1) {
		lo = math.Max(lo, math.Ceil(g.rule.lo*unit))
		if g.rule.loOpen && lo == g.rule.lo*unit {
			lo++
		}
	}
	if !math.IsInf(g.rule.hi, 1) {
		hi = math.Min(hi, math.Floor(g.rule.hi*unit))
		if g.rule.hiOpen && hi == g.rule.hi*unit {
			hi--
		}
	}
	var units float64
	if g.unique {
		units = math.Max(lo, 0) + float64(row)
	} else {
		nlo, nhi := g.nameRange()
		a, b := math.Max(lo, float64(nlo)*unit), math.Min(hi, float64(nhi)*unit)
		if a > b {
			a, b = lo, math.Min(hi, lo+1000*unit)
		}
		units = a + math.Floor(g.r.Float64()*(b-a+1))
		units = math.Min(units, b)
	}
	if g.base() == "money" {
		return strconv.FormatFloat(units/unit, 'f', 2, 64)
	}
	return strconv.FormatFloat(units/unit, 'f', scale, 64)
}

// maxLen is the longest text the column takes: its type's length or its check's.
func (g *column) maxLen() int {
	n := 0
	if g.c.TypeInfo.Params != "" {
		n, _ = strconv.Atoi(g.c.TypeInfo.Params)
	}
	if m := g.rule.maxLen; m != 0 && (n == 0 || m < n) {
		n = m
	}
	return n
}

func (g *column) text(row int) string {
	if g.rule.regex != nil {
		return g.patterned(row)
	}
	maxLen := g.maxLen()
	if maxLen == -1 {
		return ""
	}
	if g.unique && maxLen > 0 && maxLen < 6 {
		return strings.Repeat("0", max(g.rule.minLen-len(strconv.FormatInt(int64(row), 36)), 0)) + strconv.FormatInt(int64(row), 36)
	}
	v := g.plausibleText()
	suffix := ""
	if g.unique {
		suffix = "-" + strconv.Itoa(row+1)
		if g.nameHas("email") {
			local, domain, _ := strings.Cut(v, "@")
			v, suffix = local, "."+strconv.Itoa(row+1)+"@"+domain
		}
	}
	if maxLen > 0 && len(v)+len(suffix) > maxLen {
		v = truncateRunes(v, max(maxLen-len(suffix), 0))
	}
	v += suffix
	for len([]rune(v)) < g.rule.minLen {
		v += "x"
	}
	for slices.Contains(g.rule.notIn, v) {
		v += "x"
	}
	if g.c.TypeInfo.Base == "char" && maxLen > 0 {
		v = strings.TrimRight(v, " ")
	}
	return v
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRight(string(r[:n]), " ")
}

// patterned writes a value that the column's `~` pattern matches and its
// length bounds allow; a unique column retries until the value is new.
func (g *column) patterned(row int) string {
	for try := 0; try < 200; try++ {
		var b strings.Builder
		if !fromPattern(g.rule.regex, g.r, &b) {
			break
		}
		v := b.String()
		n := len([]rune(v))
		minLen := g.rule.minLen
		if g.c.TypeInfo.Base == "char" {
			// char(n) pads with spaces, and a pattern sees the padding: fill it.
			minLen = max(minLen, g.maxLen())
		}
		if n < minLen || (g.maxLen() > 0 && n > g.maxLen()) || slices.Contains(g.rule.notIn, v) {
			continue
		}
		if g.unique {
			key := v
			if g.c.TypeInfo.Base == "citext" || g.rule.regexFold {
				key = strings.ToLower(v)
			}
			if g.seen[key] {
				continue
			}
			if g.seen == nil {
				g.seen = map[string]bool{}
			}
			g.seen[key] = true
		}
		return v
	}
	return fmt.Sprintf("seed-%d", row) // reported: the pattern ran out of distinct values
}

// locales are the locale tags a `locale` column draws from.
var locales = []string{"en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "pt-BR", "ja-JP", "nl-NL", "it-IT", "sv-SE"}

// plausibleText is a value that reads like what the column's name says it holds.
func (g *column) plausibleText() string {
	f := g.f
	person := slices.Contains([]string{"user", "person", "customer", "driver", "rider", "member", "author", "artist",
		"employee", "student", "account", "contact", "owner", "seller", "buyer", "guest", "patient", "actor", "staff"},
		strings.ToLower(g.table.t.Singular))
	name := strings.ToLower(g.c.Name)
	word := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return hasWord(name, w) })
	}
	switch {
	case word("content_type", "mime_type", "media_type", "mimetype", "mime"):
		return f.FileMimeType()
	case word("locale", "language_tag"):
		return locales[g.r.IntN(len(locales))]
	case word("language", "lang"):
		return f.LanguageAbbreviation()
	case word("currency", "currency_code"):
		return f.CurrencyShort()
	case word("country_code", "country_iso", "iso_country"):
		return f.CountryAbr()
	case word("timezone", "time_zone", "tz"):
		return f.TimeZoneRegion()
	case word("ip", "ip_address", "ipaddress", "remote_addr"):
		return f.IPv4Address()
	case word("sha", "sha1", "sha256", "checksum", "etag", "fingerprint"):
		return fmt.Sprintf("%016x%016x%016x%016x", g.r.Uint64(), g.r.Uint64(), g.r.Uint64(), g.r.Uint64())
	case word("user_agent", "useragent"):
		return f.UserAgent()
	case word("version", "app_version", "semver"):
		return fmt.Sprintf("%d.%d.%d", 1+g.r.IntN(5), g.r.IntN(20), g.r.IntN(10))
	case word("phone", "phone_number", "mobile", "msisdn"):
		return fmt.Sprintf("+1%03d555%04d", 200+g.r.IntN(800), g.r.IntN(10000))
	case word("type", "kind", "category") || strings.HasSuffix(name, "_type"):
		return strings.ToLower(strings.ReplaceAll(f.Noun(), " ", "_"))
	case g.nameHas("email"):
		return strings.ToLower(f.FirstName()+"."+f.LastName()) + "@example.com"
	case g.nameHas("password", "hash", "token", "secret", "digest", "signature", "api_key", "apikey"):
		return fmt.Sprintf("%016x%016x", g.r.Uint64(), g.r.Uint64())
	case g.nameHas("first_name", "firstname", "given_name"):
		return f.FirstName()
	case g.nameHas("last_name", "lastname", "surname", "family_name"):
		return f.LastName()
	case g.nameHas("username", "login", "handle", "nickname"):
		return strings.ToLower(f.Username())
	case g.nameHas("slug"):
		return strings.ToLower(f.Adjective() + "-" + f.Noun())
	case g.nameHas("url", "website", "homepage", "link", "href", "avatar", "image"):
		return f.URL()
	case g.nameHas("phone", "mobile"):
		return f.Phone()
	case g.nameHas("city", "town"):
		return f.City()
	case g.nameHas("country"):
		return f.Country()
	case g.nameHas("street", "address", "pickup", "dropoff", "location"):
		return f.Street()
	case g.nameHas("zip", "postal", "postcode"):
		return f.Zip()
	case g.nameHas("color", "colour"):
		return f.Color()
	case g.nameHas("company", "organization", "organisation", "employer"):
		return f.Company()
	case g.nameHas("title", "subject", "headline"):
		return f.BookTitle()
	case g.nameHas("description", "body", "bio", "content", "comment", "note", "message", "text", "summary", "reason", "error"):
		return f.Sentence()
	case g.nameHas("name"):
		if person {
			return f.Name()
		}
		return f.ProductName()
	case g.nameHas("code", "number", "reference", "sku", "license"):
		return strings.ToUpper(fmt.Sprintf("%s-%06d", f.LetterN(3), g.r.IntN(1000000)))
	}
	return f.Word()
}

// timeValue places a time in the row's story: created at the row's time,
// changed after it, expiring later still.
func (g *column) timeValue(row int) string {
	at := rowTime(row, g.table.n)
	switch {
	case g.nameHas("birth", "dob", "born"):
		at = time.Date(1950+g.r.IntN(55), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)
	case g.nameHas("created", "inserted", "registered", "joined", "requested", "placed", "opened", "signed_up"):
	case g.nameHas("expire", "expiry", "due", "until", "deadline", "valid_to"):
		at = at.Add(time.Duration(30+g.r.IntN(335)) * 24 * time.Hour)
	default:
		at = at.Add(time.Duration(1+g.r.IntN(30*24*60)) * time.Minute)
	}
	if g.unique {
		at = at.Add(time.Duration(row) * time.Microsecond)
	}
	switch g.base() {
	case "date":
		if g.unique {
			return epoch.AddDate(0, 0, row).Format("2006-01-02")
		}
		return at.Format("2006-01-02")
	case "time", "timetz":
		return at.Format("15:04:05")
	case "timestamp":
		return at.Format("2006-01-02 15:04:05.999999")
	}
	return at.Format("2006-01-02 15:04:05.999999Z07:00")
}

// array writes a short array of the element type (text-like or numeric),
// or an empty one.
func (g *column) array() string {
	switch g.base() {
	case "text", "varchar", "citext":
		return fmt.Sprintf(`{"%s","%s"}`, g.f.Word(), g.f.Word())
	case "smallint", "integer", "bigint":
		return fmt.Sprintf("{%d,%d}", g.r.IntN(100), g.r.IntN(100))
	}
	return "{}"
}
