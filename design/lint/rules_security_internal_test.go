package lint

import "testing"

// The quick tests must let through every name the rules report, or a rule
// would go silent when a name is added to its list.
func TestSecurityPrefiltersCoverTheirLists(t *testing.T) {
	for _, s := range secretNames {
		for _, n := range []string{s, "x" + "_" + s} {
			if !mayBeSecret(n) {
				t.Errorf("mayBeSecret(%q) = false, but checkPlaintextSecret reports it", n)
			}
		}
	}
	for _, n := range []string{"password", "passwd", "pwd", "user_password", "password_plain"} {
		if !mayBePassword(n) {
			t.Errorf("mayBePassword(%q) = false, but checkPlaintextPassword reports it", n)
		}
	}
	if mayBeSecret("title") || mayBePassword("title") {
		t.Error("the quick tests let everything through")
	}
}
