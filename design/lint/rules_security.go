package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/schemagen/schemagen/design"
	"github.com/schemagen/schemagen/design/schema"
)

// Rules about secrets and credentials.
var (
	RulePlaintextPassword = &Rule{Rule: design.Rule{Name: "plaintext-password", Severity: design.Warning, Doc: `A field named like a password: passwords must be stored as hashes.

A table of passwords is one leaked backup away from every user's other
accounts. Store a slow, salted hash (argon2id, bcrypt, scrypt) and compare
hashes at login.

Bad:
    users:
      fields:
        password: text
Good:
    users:
      fields:
        password_hash: text

Fix: store a hash in a field named ` + "`password_hash`" + `.`}, Check: checkPlaintextPassword}

	RulePlaintextSecret = &Rule{Rule: design.Rule{Name: "plaintext-secret", Severity: design.Warning, Doc: `A token, API key or secret stored as it is.

Whoever reads the table (a backup, a replica, a support tool) can use the
token. Store a hash of it (SHA-256 is enough for random tokens) and look the
token up by its hash.

Bad:
    sessions:
      fields:
        token: text unique
Good:
    sessions:
      fields:
        token_hash: text unique

Fix: store ` + "`token_hash`" + ` instead.`}, Check: checkPlaintextSecret}

	RuleTokenWithoutExpiry = &Rule{Rule: design.Rule{Name: "token-without-expiry", Severity: design.Warning, Doc: `A session, token or link entity without an expiry timestamp.

A session or a reset link that never expires is a credential that works
forever once leaked. Every such row needs a moment after which it is refused.

Bad:
    password_resets:
      fields:
        token_hash: text unique
Good:
    password_resets:
      fields:
        token_hash: text unique
        expires_at: timestamptz

Fix: add ` + "`expires_at: timestamptz`" + `.`}, Check: checkTokenWithoutExpiry}

	RuleExternalIDNotUnique = &Rule{Rule: design.Rule{Name: "external-id-not-unique", Severity: design.Warning, Doc: `A reference from another system that is not unique.

A payment gateway's reference, a webhook's event id or an idempotency key
identifies one thing in the outside world. Without a unique constraint a
retried webhook or a double click records the same payment twice.

Bad:
    transactions:
      fields:
        gateway_reference: text
Good:
    transactions:
      fields:
        gateway_reference: text unique

Fix: make the field ` + "`unique`" + ` (or unique together with its scope).`}, Check: checkExternalIDNotUnique}
)

var securityRules = []*Rule{RulePlaintextPassword, RulePlaintextSecret, RuleTokenWithoutExpiry, RuleExternalIDNotUnique}

var hashSuffixes = []string{"_hash", "_hashed", "_digest", "_encrypted", "_enc", "_ciphertext", "_bcrypt", "_argon2"}

func isHashed(name string) bool {
	for _, s := range hashSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return strings.HasPrefix(name, "hashed_") || strings.HasPrefix(name, "encrypted_")
}

func checkPlaintextPassword(p *Pass) {
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Origin != schema.DeclaredColumn {
				continue
			}
			n := strings.ToLower(c.Name)
			if !mayBePassword(n) || isHashed(n) || c.TypeInfo.Base == "boolean" || strings.Contains(n, "_at") {
				continue
			}
			if n == "password" || n == "passwd" || n == "pwd" || strings.HasSuffix(n, "_password") || strings.HasPrefix(n, "password_") && !strings.HasSuffix(n, "_at") {
				p.Report(c.Pos, fmt.Sprintf("store a hash: rename to `%s_hash` and hash before saving", c.Name),
					"%s.%s looks like a password stored as it is", t.Entity, c.Name)
			}
		}
	}
}

// mayBePassword is a quick test that lets through every name
// checkPlaintextPassword reports: they are "passwd", "pwd", or contain "password".
func mayBePassword(n string) bool {
	return strings.Contains(n, "password") || n == "passwd" || n == "pwd"
}

// mayBeSecret is a quick test that lets through every name checkPlaintextSecret
// reports: each of secretNames ends in "token", "key" or "secret".
func mayBeSecret(n string) bool {
	return strings.HasSuffix(n, "token") || strings.HasSuffix(n, "key") || strings.HasSuffix(n, "secret")
}

var secretNames = []string{"token", "api_key", "apikey", "secret", "access_token", "refresh_token", "reset_token", "auth_token", "client_secret", "private_key", "session_token"}

// secretSuffixes are "_" + each of secretNames.
var secretSuffixes = func() []string {
	out := make([]string, len(secretNames))
	for i, s := range secretNames {
		out[i] = "_" + s
	}
	return out
}()

func checkPlaintextSecret(p *Pass) {
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Origin != schema.DeclaredColumn {
				continue
			}
			n := strings.ToLower(c.Name)
			if !mayBeSecret(n) || isHashed(n) || c.TypeInfo.Base == "boolean" {
				continue
			}
			for i, s := range secretNames {
				if n == s || strings.HasSuffix(n, secretSuffixes[i]) {
					p.Report(c.Pos, fmt.Sprintf("store a hash: `%s_hash`", c.Name),
						"%s.%s looks like a secret stored as it is", t.Entity, c.Name)
					break
				}
			}
		}
	}
}

var credentialWords = []string{"session", "token", "link", "invite", "invitation", "reset", "otp", "magic", "verification", "api_key", "grant", "nonce"}

// credentialPlurals are the plurals of credentialWords, computed once: inflection is slow.
var credentialPlurals = func() []string {
	out := make([]string, len(credentialWords))
	for i, w := range credentialWords {
		out[i] = design.Plural(w)
	}
	return out
}()

var expiryNames = []string{"expires_at", "expiry", "expires", "expires_on", "expired_at", "expiration", "expiration_date", "expires_after", "valid_until", "expiry_at", "expiration_at", "ttl"}

func checkTokenWithoutExpiry(p *Pass) {
	for _, t := range p.Schema.Tables {
		if t.Kind != schema.EntityTable {
			continue
		}
		entity := strings.ToLower(t.Entity)
		credential := false
		for _, w := range strings.Split(entity, "_") {
			for i, c := range credentialWords {
				if strings.Contains(c, "_") {
					credential = credential || strings.Contains(entity, c)
				} else if w == c || w == credentialPlurals[i] {
					credential = true
				}
			}
		}
		if !credential {
			continue
		}
		hasExpiry := false
		for _, c := range t.Columns {
			n := strings.ToLower(c.Name)
			if slices.Contains(expiryNames, n) || strings.HasPrefix(n, "expires") || strings.HasSuffix(n, "_expires_at") {
				hasExpiry = true
			}
		}
		if !hasExpiry {
			p.Report(t.Pos, "add `expires_at: timestamptz`",
				"%s holds sessions, tokens or links but has no expiry timestamp", t.Entity)
		}
	}
}

func checkExternalIDNotUnique(p *Pass) {
	for _, t := range p.Schema.Tables {
		for _, c := range t.Columns {
			if c.Origin != schema.DeclaredColumn || c.Unique || c.PK {
				continue
			}
			n := strings.ToLower(c.Name)
			external := strings.HasSuffix(n, "_reference") || n == "reference" || n == "external_id" ||
				strings.HasSuffix(n, "_external_id") || strings.Contains(n, "idempotency_key") ||
				strings.HasPrefix(n, "gateway_") || strings.HasPrefix(n, "stripe_") || strings.HasPrefix(n, "provider_")
			if !external || isStatusName(n) || strings.HasSuffix(n, "_at") || strings.HasSuffix(n, "_url") || strings.HasSuffix(n, "_name") {
				continue
			}
			if uniqueLeading(t, c.Name) {
				continue
			}
			p.Report(c.Pos, fmt.Sprintf("make it unique: `%s unique`", c.Type),
				"%s.%s identifies something in another system but is not unique: a retry could record it twice", t.Entity, c.Name)
		}
	}
}

// uniqueLeading reports whether a unique constraint or unique index includes the column.
func uniqueLeading(t *schema.Table, col string) bool {
	for _, u := range t.Uniques {
		if slices.Contains(u.Columns, col) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && slices.Contains(ix.Columns, col) {
			return true
		}
	}
	return false
}
