package printers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/check"
	"github.com/schemagen/schemagen/internal/rulebook"
	"github.com/schemagen/schemagen/internal/testkit/golden"
)

const sample = `schemagen: 1
name: shop
entities:
  order:
    fields:
      id: uuid pk
      password: text
      total: double precision
relationships:
  - order n-n tags
`

func sampleDiagnostics(t *testing.T) (design.Diagnostics, map[string][]byte) {
	t.Helper()
	_, diags := check.Source("shop.yaml", []byte(sample), nil)
	if len(diags) < 3 {
		t.Fatalf("the sample should give several diagnostics, got %v", diags)
	}
	return diags, map[string][]byte{"shop.yaml": []byte(sample)}
}

func TestGolden(t *testing.T) {
	diags, sources := sampleDiagnostics(t)
	for _, format := range []string{"text", "json", "github", "sarif"} {
		t.Run(format, func(t *testing.T) {
			p, ok := ByName(format)
			if !ok {
				t.Fatalf("no printer for %q", format)
			}
			var buf bytes.Buffer
			if err := p(&buf, diags, sources); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", format+".golden"), buf.Bytes())
		})
	}
	if _, ok := ByName("xml"); ok {
		t.Error("ByName accepted an unknown format")
	}
}

func TestJSONRoundTrips(t *testing.T) {
	diags, sources := sampleDiagnostics(t)
	var buf bytes.Buffer
	if err := JSON(&buf, diags, sources); err != nil {
		t.Fatal(err)
	}
	var got jsonReport
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Diagnostics) != len(diags) || got.Errors != diags.Count(design.Error) {
		t.Fatalf("JSON has %d diagnostics and %d errors, want %d and %d", len(got.Diagnostics), got.Errors, len(diags), diags.Count(design.Error))
	}
	for i, d := range diags {
		g := got.Diagnostics[i]
		if g.Line != d.Pos.Line || g.Rule != d.Rule || g.Message != d.Message || g.Severity != d.Severity.String() {
			t.Errorf("diagnostic %d: got %+v, want %v", i, g, d)
		}
	}
}

func TestGitHubEscapesWorkflowCommands(t *testing.T) {
	diags := design.Diagnostics{{
		Pos: design.Pos{File: "a,b:c.yaml", Line: 3, Col: 4}, Severity: design.Error, Rule: "x",
		Message: "100% broken\nsecond line", Hint: "fix, it",
	}}
	var buf bytes.Buffer
	if err := GitHub(&buf, diags, nil); err != nil {
		t.Fatal(err)
	}
	want := "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=schemagen x::100%25 broken%0Asecond line%0AHint: fix, it\n"
	if buf.String() != want {
		t.Errorf("got  %q\nwant %q", buf.String(), want)
	}
}

// TestSARIFRequiredFields checks the log against the required properties and
// enumerations of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json).
func TestSARIFRequiredFields(t *testing.T) {
	diags, sources := sampleDiagnostics(t)
	var buf bytes.Buffer
	if err := SARIF(&buf, diags, sources); err != nil {
		t.Fatal(err)
	}
	var log map[string]any
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	check := func(obj any, path string, keys ...string) map[string]any {
		m, ok := obj.(map[string]any)
		if !ok {
			t.Fatalf("%s: not an object", path)
		}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				t.Errorf("%s: required property %q missing", path, k)
			}
		}
		return m
	}
	levels := map[string]bool{"none": true, "note": true, "warning": true, "error": true}
	check(log, "sarifLog", "version", "runs")
	if log["version"] != "2.1.0" {
		t.Errorf("version = %v", log["version"])
	}
	runs := log["runs"].([]any)
	if len(runs) != 1 {
		t.Fatalf("%d runs", len(runs))
	}
	run := check(runs[0], "run", "tool")
	tool := check(run["tool"], "tool", "driver")
	driver := check(tool["driver"], "toolComponent", "name")
	rules := driver["rules"].([]any)
	if want := len(rulebook.All().Rules()); len(rules) != want {
		t.Errorf("%d rules described, want %d", len(rules), want)
	}
	for i, r := range rules {
		rd := check(r, fmt.Sprintf("rules[%d]", i), "id", "shortDescription", "fullDescription")
		check(rd["shortDescription"], "multiformatMessageString", "text")
		cfg := check(rd["defaultConfiguration"], "reportingConfiguration", "level")
		if !levels[cfg["level"].(string)] {
			t.Errorf("rules[%d]: level %v", i, cfg["level"])
		}
	}
	results := run["results"].([]any)
	if len(results) != len(diags) {
		t.Fatalf("%d results, want %d", len(results), len(diags))
	}
	for i, r := range results {
		res := check(r, fmt.Sprintf("results[%d]", i), "message", "ruleId", "ruleIndex", "level", "locations")
		check(res["message"], "message", "text")
		if !levels[res["level"].(string)] {
			t.Errorf("results[%d]: level %v", i, res["level"])
		}
		idx := int(res["ruleIndex"].(float64))
		if rules[idx].(map[string]any)["id"] != res["ruleId"] {
			t.Errorf("results[%d]: ruleIndex %d does not point at rule %v", i, idx, res["ruleId"])
		}
		loc := check(res["locations"].([]any)[0], "location", "physicalLocation")
		pl := check(loc["physicalLocation"], "physicalLocation", "artifactLocation", "region")
		check(pl["artifactLocation"], "artifactLocation", "uri")
		region := check(pl["region"], "region", "startLine")
		if region["startLine"].(float64) < 1 {
			t.Errorf("results[%d]: startLine %v", i, region["startLine"])
		}
	}
}

func TestCaretKeepsTabs(t *testing.T) {
	if got := caretPadding("\tab c", 4); got != "\t  " {
		t.Errorf("caretPadding = %q", got)
	}
}
