package provider

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// bulkInvite is one row of the Entra portal's bulk-invite CSV.
type bulkInvite struct {
	Email                 string
	RedirectURL           string
	SendInvitationMessage bool
	MessageBody           string
	GroupIDs              []string
	ApplicationIDs        []string
}

// bracketKey finds the key in a header such as
// "Email address to invite [inviteeEmail] Required".
var bracketKey = regexp.MustCompile(`\[([A-Za-z]+)\]`)

// The column keys the parser knows. invitedToGroups and
// invitedToApplications are the legacy columns the invitation API lacks.
const (
	colEmail        = "inviteeemail"
	colRedirect     = "inviteredirecturl"
	colSend         = "sendemail"
	colMessage      = "customizedmessagebody"
	colGroups       = "invitedtogroups"
	colApplications = "invitedtoapplications"
)

// parseBulkInviteCSV reads the portal's bulk-invite file: a version row
// ("version:v1.0"), a header row whose bracketed keys name the columns, then
// one guest per row. The template's "Example" row is skipped. Errors name the
// line and the column.
func parseBulkInviteCSV(text string) (map[string]bulkInvite, error) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff")))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("line 1: %w", csvErr(err))
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(header[0])), "version:") {
		if header, err = r.Read(); err != nil {
			return nil, fmt.Errorf("line 2: the header row is missing: %w", csvErr(err))
		}
	}
	cols := map[string]int{}
	for i, h := range header {
		key := strings.TrimSpace(h)
		if m := bracketKey.FindStringSubmatch(h); m != nil {
			key = m[1]
		}
		cols[strings.ToLower(key)] = i
	}
	for _, required := range []string{colEmail, colRedirect} {
		if _, ok := cols[required]; !ok {
			line, _ := r.FieldPos(0)
			return nil, fmt.Errorf("line %d: the header has no [%s] column", max(line-1, 1), map[string]string{colEmail: "inviteeEmail", colRedirect: "inviteRedirectURL"}[required])
		}
	}
	out := map[string]bulkInvite{}
	firstLine := map[string]int{} // the line each email first appeared on
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, csvErr(err))
		}
		if isBlank(rec) || strings.HasPrefix(strings.ToLower(strings.TrimSpace(rec[0])), "example") {
			continue
		}
		get := func(col string) string {
			if i, ok := cols[col]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		bad := func(col, format string, args ...any) error {
			return fmt.Errorf("line %d, column %s: %s", line, headerName(header, cols[col]), fmt.Sprintf(format, args...))
		}
		inv := bulkInvite{Email: get(colEmail), RedirectURL: get(colRedirect), MessageBody: get(colMessage), SendInvitationMessage: true}
		if err := checkInvitationEmail(inv.Email); err != nil {
			return nil, bad(colEmail, "%v", err)
		}
		if err := checkRedirectURL(inv.RedirectURL); err != nil {
			return nil, bad(colRedirect, "%v", err)
		}
		if s := get(colSend); s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return nil, bad(colSend, "%q is not true or false", s)
			}
			inv.SendInvitationMessage = b
		}
		if inv.GroupIDs, err = idList(get(colGroups)); err != nil {
			return nil, bad(colGroups, "%v", err)
		}
		if inv.ApplicationIDs, err = idList(get(colApplications)); err != nil {
			return nil, bad(colApplications, "%v", err)
		}
		// One guest, one resource: two rows that differ only in letter case
		// would be two resources holding the same user.
		key := strings.ToLower(inv.Email)
		if _, dup := out[key]; dup {
			return nil, bad(colEmail, "%s is the guest of line %d too (%s); email addresses are compared without regard to case. Keep one row per guest",
				inv.Email, firstLine[key], out[key].Email)
		}
		out[key], firstLine[key] = inv, line
	}
}

// idList splits object ids separated by ';' or ','.
func idList(s string) ([]string, error) {
	ids := []string{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !uuidPattern.MatchString(f) {
			return nil, fmt.Errorf("%q is not an object id (UUID)", f)
		}
		ids = append(ids, strings.ToLower(f))
	}
	return ids, nil
}

func headerName(header []string, i int) string {
	if i < len(header) {
		if m := bracketKey.FindStringSubmatch(header[i]); m != nil {
			return m[1]
		}
		return strings.TrimSpace(header[i])
	}
	return strconv.Itoa(i + 1)
}

func isBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("column %d: %v", pe.Column, pe.Err)
	}
	return err
}
