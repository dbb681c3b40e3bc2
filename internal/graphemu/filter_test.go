package graphemu

import (
	"testing"
	"time"
)

func TestParseFilterMatches(t *testing.T) {
	t.Parallel()
	u := (&user{ID: "1", Mail: "Pat@Partner.example", UserType: "Guest", ExternalUserState: "Accepted",
		OtherMails: []string{"pat.alt@partner.example"}, CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Identities: []identity{{SignInType: "federated", Issuer: "partner.example"}}}).fields()
	cases := map[string]bool{
		"userType eq 'Guest'":                                                        true,
		"userType eq 'Member'":                                                       false,
		"mail eq 'pat@partner.example'":                                              true,
		"startsWith(mail,'pat@')":                                                    true,
		"otherMails/any(m:m eq 'PAT.ALT@partner.example')":                           true,
		"identities/any(i:i/issuer eq 'partner.example')":                            true,
		"userType eq 'Guest' and externalUserState eq 'Accepted'":                    true,
		"userType eq 'Member' or (mail eq 'x@y.z' or mail eq 'pat@partner.example')": true,
		"createdDateTime ge 2026-01-01T00:00:00Z":                                    true,
		"createdDateTime le 2026-01-01T00:00:00Z":                                    false,
		"not (userType eq 'Member')":                                                 true,
		"mail eq 'it''s@partner.example'":                                            false,
	}
	for src, want := range cases {
		f, err := ParseFilter(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := f.Match(u); got != want {
			t.Errorf("%s = %v, want %v", src, got, want)
		}
	}
}

func TestParseFilterAdvancedQueries(t *testing.T) {
	t.Parallel()
	for src, want := range map[string]bool{
		"mail eq 'a@b.c'":                 false,
		"endswith(mail,'@b.c')":           true,
		"userType ne 'Guest'":             true,
		"not (userType eq 'Guest')":       true,
		"mail eq null":                    true,
		"externalUserState eq 'Accepted'": false,
	} {
		f, err := ParseFilter(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.NeedsAdvancedQuery(); got != want {
			t.Errorf("%s: NeedsAdvancedQuery = %v, want %v", src, got, want)
		}
	}
}

func TestParseFilterRejects(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"", "mail", "mail eq", "mail zz 'x'", "(mail eq 'x'", "startsWith(mail 'x')", "otherMails/any(m:n eq 'x')", "'x' eq mail", "mail eq 12abc"} {
		if _, err := ParseFilter(src); err == nil {
			t.Errorf("%q parsed", src)
		}
	}
}

// FuzzParseFilter: no input may panic or hang the parser, and a parsed
// filter must evaluate.
func FuzzParseFilter(f *testing.F) {
	for _, seed := range []string{
		"userType eq 'Guest'", "externalUserState eq 'PendingAcceptance' and (mail eq 'a@b.c' or mail eq 'd@e.f')",
		"otherMails/any(p:p eq 'x@y.z')", "startsWith(mail,'ab')", "not (a eq 'b')", "createdDateTime ge 2026-01-01T00:00:00Z",
		"((((", "''''", "a eq 'unterminated", "any(", "x/any(a:a/b eq 'c')", "mail eq null",
	} {
		f.Add(seed)
	}
	fields := (&user{ID: "1", Mail: "a@b.c", UserType: "Guest"}).fields()
	f.Fuzz(func(t *testing.T, src string) {
		flt, err := ParseFilter(src)
		if err != nil {
			return
		}
		_ = flt.Match(fields)
		_ = flt.NeedsAdvancedQuery()
	})
}
