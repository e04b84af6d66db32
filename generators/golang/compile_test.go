package golang

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/internal/testkit/randdesign"
)

// checkResult is what the check program of a test module prints for one
// generated package: what its enum and machine types actually do.
type checkResult struct {
	Enums    map[string]enumResult    // by qualified enum name
	Machines map[string]machineResult // by machine name
}

type enumResult struct {
	Values         []string
	RoundTrip      bool // Valid, Scan and Value agree on every value
	RejectsUnknown bool // Valid and Scan refuse a value the design does not have
}

type machineResult struct {
	Initial  string
	Terminal []string
	Can      map[string]map[string]bool // Can[from][to] = from.CanTransitionTo(to)
	Next     map[string][]string
}

// goTool returns the go command of the toolchain running the test.
func goTool(t testing.TB) string {
	t.Helper()
	if path, err := exec.LookPath("go"); err == nil {
		return path
	}
	t.Fatal("the go command is not on PATH; the compile tests need it")
	return ""
}

// runGo runs the go command in dir without the caller's flags and returns its
// standard output. It may download modules through the configured proxy (the
// row-scanning module needs pgx's dependencies, which the main module's build
// does not fetch): a test must never rely on a warm module cache.
func runGo(t testing.TB, dir string, args ...string) []byte {
	t.Helper()
	return runGoEnv(t, dir, os.Environ(), args...)
}

// runGoEnv is runGo with the given environment.
func runGoEnv(t testing.TB, dir string, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(goTool(t), args...)
	cmd.Dir = dir
	cmd.Env = append(env, "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local", "GO111MODULE=on")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// writeModule writes a Go module with no dependencies into dir: one package
// per design (p0, p1, ...) and a program, ./check, that prints a checkResult
// per package as JSON.
func writeModule(t testing.TB, dir string, designs []testDesign) {
	t.Helper()
	write := func(path string, data []byte) {
		full := filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", []byte("module example.com/gen\n\ngo 1.21\n"))
	var main strings.Builder
	main.WriteString("package main\n\nimport (\n\t\"database/sql/driver\"\n\t\"encoding/json\"\n\t\"os\"\n")
	for i := range designs {
		fmt.Fprintf(&main, "\tp%d %q\n", i, fmt.Sprintf("example.com/gen/p%d", i))
	}
	main.WriteString(")\n\n")
	main.WriteString(checkTypes)
	main.WriteString("func main() {\n\tout := map[string]*checkResult{}\n")
	for i, d := range designs {
		files, err := Generate(d.schema, Options{})
		if err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
		for name, src := range files {
			write(fmt.Sprintf("p%d/%s", i, name), src)
		}
		pkg := fmt.Sprintf("p%d", i)
		fmt.Fprintf(&main, "\tout[%q] = &checkResult{Enums: map[string]enumResult{}, Machines: map[string]machineResult{}}\n", pkg)
		for _, ep := range newPlan(d.schema, "x", Options{}).enums {
			typ := pkg + "." + ep.Type
			fmt.Fprintf(&main, "\tout[%q].Enums[%s] = checkEnum(%s.%s(), func(v string) (%s, error) { var x %s; err := x.Scan(v); return x, err })\n",
				pkg, strconv.Quote(ep.enum.QualifiedName()), pkg, ep.Values, typ, typ)
			if ep.machine != nil {
				fmt.Fprintf(&main, "\tout[%q].Machines[%s] = checkMachine(string(%s.%s), %s.%s())\n",
					pkg, strconv.Quote(ep.machine.Name), pkg, ep.Initial, pkg, ep.Values)
			}
		}
	}
	main.WriteString("\tenc := json.NewEncoder(os.Stdout)\n\tenc.SetIndent(\"\", \" \")\n\tif err := enc.Encode(out); err != nil {\n\t\tpanic(err)\n\t}\n}\n")
	write("check/main.go", []byte(main.String()))
}

// checkTypes is the generic half of the check program: it drives any
// generated enum type through its methods.
const checkTypes = `type checkResult struct {
	Enums    map[string]enumResult
	Machines map[string]machineResult
}

type enumResult struct {
	Values         []string
	RoundTrip      bool
	RejectsUnknown bool
}

type machineResult struct {
	Initial  string
	Terminal []string
	Can      map[string]map[string]bool
	Next     map[string][]string
}

type enumType interface {
	~string
	Valid() bool
	String() string
}

func checkEnum[T enumType](values []T, scan func(string) (T, error)) enumResult {
	r := enumResult{Values: []string{}, RoundTrip: true}
	for _, v := range values {
		r.Values = append(r.Values, string(v))
		got, err := scan(string(v))
		if err != nil || got != v || !v.Valid() || v.String() != string(v) {
			r.RoundTrip = false
		}
		if dv, err := any(v).(driver.Valuer).Value(); err != nil || dv != string(v) {
			r.RoundTrip = false
		}
	}
	const unknown = "\x00 not a value"
	_, err := scan(unknown)
	r.RejectsUnknown = err != nil && !T(unknown).Valid()
	return r
}

type machineType[T any] interface {
	enumType
	CanTransitionTo(T) bool
	IsTerminal() bool
	Next() []T
}

func checkMachine[T machineType[T]](initial string, values []T) machineResult {
	m := machineResult{Initial: initial, Terminal: []string{}, Can: map[string]map[string]bool{}, Next: map[string][]string{}}
	for _, a := range values {
		if a.IsTerminal() {
			m.Terminal = append(m.Terminal, string(a))
		}
		m.Can[string(a)] = map[string]bool{}
		for _, b := range values {
			m.Can[string(a)][string(b)] = a.CanTransitionTo(b)
		}
		next := []string{}
		for _, b := range a.Next() {
			next = append(next, string(b))
		}
		m.Next[string(a)] = next
	}
	return m
}

`

// buildAndCheck writes the module, builds and vets it, runs the check program
// and returns its results by package (p0, p1, ...).
func buildAndCheck(t testing.TB, designs []testDesign) map[string]*checkResult {
	t.Helper()
	dir := t.TempDir()
	writeModule(t, dir, designs)
	runGo(t, dir, "build", "./...")
	runGo(t, dir, "vet", "./...")
	var out map[string]*checkResult
	if err := json.Unmarshal(runGo(t, dir, "run", "./check"), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// randomDesigns returns n random designs that check without errors.
func randomDesigns(t testing.TB, n int) []testDesign {
	t.Helper()
	var out []testDesign
	for seed := int64(1); len(out) < n; seed++ {
		if seed > int64(4*n) {
			t.Fatalf("only %d of %d random designs are valid", len(out), seed)
		}
		data := randomDesign(seed)
		s, diags := check.Source(fmt.Sprintf("random_%d.yaml", seed), data, nil)
		if diags.HasErrors() || s == nil {
			continue
		}
		out = append(out, testDesign{name: fmt.Sprintf("random_%d", seed), schema: s})
	}
	return out
}

// teamRandomDesigns returns the designs of internal/randdesign for seeds 1..n
// (every one must check without errors).
func teamRandomDesigns(t testing.TB, n int) []testDesign {
	t.Helper()
	var out []testDesign
	for seed := int64(1); seed <= int64(n); seed++ {
		data := randdesign.Generate(seed)
		name := fmt.Sprintf("randdesign_%d", seed)
		s, diags := check.Source(name+".yaml", data, nil)
		if diags.HasErrors() || s == nil {
			t.Fatalf("randdesign seed %d has errors:\n%v", seed, diags)
		}
		out = append(out, testDesign{name: name, schema: s})
	}
	return out
}

// TestGeneratedCodeCompiles builds and vets the generated package of every
// example, every test design, 30 random designs of randomDesign (tricky names)
// and 40 of internal/randdesign, all
// in one module, then checks that every enum and state machine type behaves
// as the design says.
func TestGeneratedCodeCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Go module")
	}
	designs := append(testDesigns(t), randomDesigns(t, 30)...)
	designs = append(designs, teamRandomDesigns(t, 40)...)
	results := buildAndCheck(t, designs)
	machines := 0
	for i, d := range designs {
		got := results[fmt.Sprintf("p%d", i)]
		if got == nil {
			t.Fatalf("%s: no result", d.name)
		}
		for _, e := range d.schema.Enums {
			r, ok := got.Enums[e.QualifiedName()]
			if !ok {
				t.Errorf("%s: enum %s missing", d.name, e.QualifiedName())
				continue
			}
			if !reflect.DeepEqual(r.Values, append([]string{}, e.Values...)) {
				t.Errorf("%s: enum %s values %q, want %q", d.name, e.Name, r.Values, e.Values)
			}
			if !r.RoundTrip || !r.RejectsUnknown {
				t.Errorf("%s: enum %s: round trip %v, rejects unknown %v", d.name, e.Name, r.RoundTrip, r.RejectsUnknown)
			}
		}
		for _, m := range d.schema.Machines {
			machines++
			r, ok := got.Machines[m.Name]
			if !ok {
				t.Errorf("%s: machine %s missing", d.name, m.Name)
				continue
			}
			if r.Initial != m.Initial {
				t.Errorf("%s: machine %s initial %q, want %q", d.name, m.Name, r.Initial, m.Initial)
			}
			var terminal []string
			for _, s := range m.States {
				if m.IsTerminal(s) {
					terminal = append(terminal, s)
				}
			}
			if strings.Join(r.Terminal, "\x00") != strings.Join(terminal, "\x00") {
				t.Errorf("%s: machine %s terminal %q, want %q", d.name, m.Name, r.Terminal, terminal)
			}
			for _, a := range m.States {
				for _, b := range m.States {
					// Setting the state a row is in is no change: the trigger lets it through.
					if want := a == b || m.CanTransition(a, b); r.Can[a][b] != want {
						t.Errorf("%s: machine %s: CanTransitionTo(%q -> %q) = %v, want %v", d.name, m.Name, a, b, r.Can[a][b], want)
					}
				}
				want := append([]string{}, dedupe(m.Next(a))...)
				if strings.Join(r.Next[a], "\x00") != strings.Join(want, "\x00") {
					t.Errorf("%s: machine %s: Next(%q) = %q, want %q", d.name, m.Name, a, r.Next[a], want)
				}
			}
		}
	}
	if machines < 20 {
		t.Errorf("only %d state machines checked; the random designs should have more", machines)
	}
}
