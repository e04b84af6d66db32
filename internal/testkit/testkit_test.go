package testkit_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryLinksNoTestHelper fails when the schemagen binary depends on a
// package under internal/testkit.
func TestBinaryLinksNoTestHelper(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/schemagen/schemagen/cmd/schemagen").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "/internal/testkit") {
			t.Errorf("the binary links the test helper %s", pkg)
		}
	}
}
