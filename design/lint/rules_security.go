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
			if c.Origin != schema.DeclaredColumn || c.TypeInfo.Array > 0 || !textOrBytes(c.TypeInfo.Base) {
				continue
			}
			n := strings.ToLower(c.Name)
			if !mayBePassword(n) || isHashed(n) || !namesPassword(n) {
				continue
			}
			p.Report(c.Pos, fmt.Sprintf("if it holds a hash, name it `%s_hash`; otherwise hash the password before saving", c.Name),
				"%s.%s looks like a password stored as it is", t.Entity, c.Name)
		}
	}
}

// textOrBytes reports whether a type can hold a password: text-like or bytea.
func textOrBytes(base string) bool {
	switch base {
	case "text", "varchar", "char", "citext", "bytea":
		return true
	}
	return false
}

// notPasswordWords are the words that make a name about a password rather
// than the password: its salt, key, date, algorithm, a flag or a policy.
var notPasswordWords = []string{"salt", "id", "date", "time", "at", "on", "algorithm", "algo", "hint", "policy", "expiry", "expires", "changed", "reset", "required", "length", "type", "scheme", "format", "version"}

// namesPassword reports whether a lower-case name says it is a password, word
// by word: password, passwd, pwd or passphrase, and no word of notPasswordWords.
func namesPassword(n string) bool {
	found := false
	for _, w := range strings.Split(n, "_") {
		switch {
		case w == "password" || w == "passwd" || w == "pwd" || w == "passphrase":
			found = true
		case slices.Contains(notPasswordWords, w):
			return false
		}
	}
	return found
}

// mayBePassword is a quick test that lets through every name
// checkPlaintextPassword reports: each contains "pass" or "pwd".
func mayBePassword(n string) bool {
	return strings.Contains(n, "pass") || strings.Contains(n, "pwd")
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

// tokenWords mark a column that holds what a credential row is for: the
// token, the code sent by mail, the secret, or a hash of one of them.
var tokenWords = []string{"token", "code", "secret", "nonce", "otp", "hash", "digest", "key"}

// holdsToken reports whether a table has a declared column named like a token.
func holdsToken(t *schema.Table) bool {
	for _, c := range t.Columns {
		if c.Origin != schema.DeclaredColumn || c.ForeignKey != nil {
			continue
		}
		for _, w := range strings.Split(strings.ToLower(c.Name), "_") {
			if slices.Contains(tokenWords, w) {
				return true
			}
		}
	}
	return false
}

// namesExpiry reports whether a lower-case column name says when the row
// expires: expires_at, expiry, expire_time, valid_until, valid_to, ttl, ...
func namesExpiry(n string) bool {
	return strings.Contains(n, "expir") || strings.Contains(n, "valid_until") || strings.Contains(n, "valid_to") || n == "ttl" || strings.HasSuffix(n, "_ttl")
}

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
		if !credential || !holdsToken(t) {
			continue
		}
		hasExpiry := false
		for _, c := range t.Columns {
			if namesExpiry(strings.ToLower(c.Name)) {
				hasExpiry = true
				break
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
