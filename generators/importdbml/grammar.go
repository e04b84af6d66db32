package importdbml

import (
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar of DBML (https://dbml.dbdiagram.io/docs), as participle structs.
// It reads what DBML 3 writes: Project, Table (schema-qualified, with an alias,
// settings, columns, Indexes, checks, notes and ~partials), TablePartial, Enum,
// Ref (short and long form, composite endpoints), TableGroup and sticky notes.
// Keywords are case-insensitive, as in DBML; newlines carry no meaning.

// dbmlParser builds the lexer and the parser on first use: building them
// takes 10-40 ms, which every start of schemagen paid in package init before,
// whether it read DBML or not.
var dbmlParser = sync.OnceValue(func() *participle.Parser[file] {
	return participle.MustBuild[file](
		participle.Lexer(dbmlLexer()),
		participle.Elide("Comment", "Whitespace"),
		participle.CaseInsensitive("Ident"),
		participle.UseLookahead(16),
	)
})

// dbmlLexer is the lexer of DBML's tokens.
func dbmlLexer() *lexer.StatefulDefinition {
	return lexer.MustSimple([]lexer.SimpleRule{
		{Name: "Comment", Pattern: `//[^\n]*|/\*(?s:.*?)\*/`},
		{Name: "Whitespace", Pattern: `\s+`},
		{Name: "TripleString", Pattern: `'''(?s:(?:\\.|[^\\])*?)'''`},
		{Name: "String", Pattern: `'(?:\\(?s:.)|[^'\\])*'`},
		{Name: "QIdent", Pattern: `"(?:\\.|[^"\\\n])*"`},
		{Name: "Expr", Pattern: "`[^`]*`"},
		{Name: "Color", Pattern: `#[0-9a-fA-F]+`},
		{Name: "Number", Pattern: `[0-9]+(?:\.[0-9]+)?`},
		{Name: "Ident", Pattern: `[\p{L}_][\p{L}\p{N}_]*`},
		{Name: "Punct", Pattern: `<>|[{}\[\](),:.<>~+\-*]`},
	})
}

type file struct {
	Elements []*element `parser:"@@*"`
}

type element struct {
	Project *project    `parser:"@@"`
	Table   *table      `parser:"| @@"`
	Partial *partial    `parser:"| @@"`
	Enum    *enum       `parser:"| @@"`
	Ref     *ref        `parser:"| @@"`
	Group   *group      `parser:"| @@"`
	Sticky  *stickyNote `parser:"| @@"`
}

type project struct {
	Pos   lexer.Position
	Name  string      `parser:"\"Project\" @(Ident|QIdent)?"`
	Items []*keyValue `parser:"\"{\" @@* \"}\""`
}

// keyValue is `key: value` or `Note { 'text' }` in a Project or TableGroup body.
type keyValue struct {
	Pos   lexer.Position
	Key   string  `parser:"@Ident"`
	Value *value  `parser:"( \":\" @@"`
	Block *string `parser:"| \"{\" @(String|TripleString|QIdent) \"}\" )"`
}

// table is a Table.
type table struct {
	Pos      lexer.Position
	Name     []string     `parser:"\"Table\" @(Ident|QIdent) (\".\" @(Ident|QIdent))?"`
	Alias    string       `parser:"(\"as\" @(Ident|QIdent))?"`
	Settings []*setting   `parser:"(\"[\" @@ (\",\" @@)* \"]\")?"`
	Items    []*tableItem `parser:"\"{\" @@* \"}\""`
}

// partial is a TablePartial: columns, indexes, checks and settings that
// tables take in with ~name.
type partial struct {
	Pos      lexer.Position
	Name     string       `parser:"\"TablePartial\" @(Ident|QIdent)"`
	Settings []*setting   `parser:"(\"[\" @@ (\",\" @@)* \"]\")?"`
	Items    []*tableItem `parser:"\"{\" @@* \"}\""`
}

type tableItem struct {
	Partial *partialRef `parser:"\"~\" @@"`
	Indexes *indexes    `parser:"| @@"`
	Checks  *checks     `parser:"| @@"`
	Note    *tableNote  `parser:"| @@"`
	Column  *column     `parser:"| @@"`
}

type partialRef struct {
	Pos  lexer.Position
	Name string `parser:"@(Ident|QIdent)"`
}

type tableNote struct {
	Pos  lexer.Position
	Text string `parser:"\"Note\" ( \":\" @(String|TripleString|QIdent) | \"{\" @(String|TripleString|QIdent) \"}\" )"`
}

type column struct {
	Pos      lexer.Position
	Name     string     `parser:"@(Ident|QIdent)"`
	Type     *typeRef   `parser:"@@"`
	Settings []*setting `parser:"(\"[\" @@ (\",\" @@)* \"]\")?"`
}

type typeRef struct {
	Pos    lexer.Position
	Name   []string      `parser:"@(Ident|QIdent) (\".\" @(Ident|QIdent))?"`
	Args   []*number     `parser:"(\"(\" @@ (\",\" @@)* \")\")?"`
	Arrays []arraySuffix `parser:"@@*"`
}

type arraySuffix struct {
	Size string `parser:"\"[\" @Number? \"]\""`
}

// number is a number with DBML's unlimited signs (`--++7.2`).
type number struct {
	Pos   lexer.Position
	Signs []string `parser:"@(\"+\"|\"-\")*"`
	Value string   `parser:"@Number"`
}

// setting is one item of a [...] list: `pk`, `not null`, `default: 1`, `ref: > t.id`.
type setting struct {
	Pos   lexer.Position
	Key   []string `parser:"@Ident+"`
	Value *value   `parser:"(\":\" @@)?"`
}

type value struct {
	Pos    lexer.Position
	Ref    *inlineRef `parser:"@@"`
	String *string    `parser:"| @(String|TripleString|QIdent)"`
	Expr   *string    `parser:"| @Expr"`
	Color  *string    `parser:"| @Color"`
	Number *number    `parser:"| @@"`
	Words  []string   `parser:"| @Ident+"`
}

type inlineRef struct {
	Op     string    `parser:"@(\"<>\"|\"<\"|\">\"|\"-\")"`
	Target *endpoint `parser:"@@"`
}

// endpoint is `table.column`, `schema.table.column`, `table.(a, b)` or, inline, `column`.
type endpoint struct {
	Pos       lexer.Position
	Path      []string `parser:"@(Ident|QIdent) (\".\" @(Ident|QIdent))*"`
	Composite []string `parser:"(\".\" \"(\" @(Ident|QIdent) (\",\" @(Ident|QIdent))* \")\")?"`
}

type indexes struct {
	Pos   lexer.Position
	Items []*index `parser:"\"Indexes\" \"{\" @@* \"}\""`
}

type index struct {
	Pos      lexer.Position
	Parts    []*indexPart `parser:"( \"(\" @@ (\",\" @@)* \")\""`
	Single   *indexPart   `parser:"| @@ )"`
	Settings []*setting   `parser:"(\"[\" @@ (\",\" @@)* \"]\")?"`
}

type indexPart struct {
	Pos    lexer.Position
	Expr   *string `parser:"@Expr"`
	Column *string `parser:"| @(Ident|QIdent)"`
}

type checks struct {
	Pos   lexer.Position
	Items []*checkItem `parser:"\"checks\" \"{\" @@* \"}\""`
}

type checkItem struct {
	Pos      lexer.Position
	Expr     string     `parser:"@Expr"`
	Settings []*setting `parser:"(\"[\" @@ (\",\" @@)* \"]\")?"`
}

type enum struct {
	Pos    lexer.Position
	Name   []string     `parser:"\"Enum\" @(Ident|QIdent) (\".\" @(Ident|QIdent))?"`
	Values []*enumValue `parser:"\"{\" @@* \"}\""`
}

type enumValue struct {
	Pos      lexer.Position
	Name     string     `parser:"@(Ident|QIdent)"`
	Settings []*setting `parser:"(\"[\" @@ (\",\" @@)* \"]\")?"`
}

type ref struct {
	Pos   lexer.Position
	Name  string     `parser:"\"Ref\" @(Ident|QIdent)?"`
	Short *refLine   `parser:"( \":\" @@"`
	Long  []*refLine `parser:"| \"{\" @@* \"}\" )"`
}

type refLine struct {
	Pos      lexer.Position
	Left     *endpoint  `parser:"@@"`
	Op       string     `parser:"@(\"<>\"|\"<\"|\">\"|\"-\")"`
	Right    *endpoint  `parser:"@@"`
	Settings []*setting `parser:"(\"[\" @@ (\",\" @@)* \"]\")?"`
}

type group struct {
	Pos      lexer.Position
	Name     string       `parser:"\"TableGroup\" @(Ident|QIdent)"`
	Settings []*setting   `parser:"(\"[\" @@ (\",\" @@)* \"]\")?"`
	Items    []*groupItem `parser:"\"{\" @@* \"}\""`
}

type groupItem struct {
	Note  *keyValue `parser:"@@"`
	Table *endpoint `parser:"| @@"`
}

type stickyNote struct {
	Pos  lexer.Position
	Name string `parser:"\"Note\" @(Ident|QIdent)"`
	Text string `parser:"\"{\" @(String|TripleString|QIdent) \"}\""`
}
