package graphemu

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Filter is a parsed OData $filter over directory objects. It supports the
// subset Graph documents for users (internal/graph's package doc, "Users"): eq, ne, ge, le, gt, lt,
// startsWith, endsWith, not, and, or, parentheses, and any() over
// otherMails and identities.
type Filter interface {
	Match(fields map[string]any) bool
	// NeedsAdvancedQuery reports whether Graph would want ConsistencyLevel:
	// eventual and $count=true for this filter.
	NeedsAdvancedQuery() bool
	// properties calls fn with each property the filter compares.
	properties(fn func(string))
}

// ParseFilter parses a $filter expression.
func ParseFilter(src string) (Filter, error) {
	p := &filterParser{toks: tokenize(src)}
	if len(p.toks) == 0 {
		return nil, fmt.Errorf("empty filter")
	}
	f, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.pos])
	}
	return f, nil
}

type token struct {
	text   string
	quoted bool
}

func (t token) String() string { return t.text }

func tokenize(src string) []token {
	var toks []token
	rs := []rune(src)
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case unicode.IsSpace(c):
			i++
		case strings.ContainsRune("(),:", c):
			toks = append(toks, token{text: string(c)})
			i++
		case c == '\'':
			var b strings.Builder
			i++
			for i < len(rs) {
				if rs[i] == '\'' {
					if i+1 < len(rs) && rs[i+1] == '\'' {
						b.WriteRune('\'')
						i += 2
						continue
					}
					break
				}
				b.WriteRune(rs[i])
				i++
			}
			i++ // closing quote, if any
			toks = append(toks, token{text: b.String(), quoted: true})
		default:
			start := i
			// A date-time literal keeps its colons; elsewhere ':' separates
			// a lambda variable from its body.
			isLiteral := unicode.IsDigit(c)
			for i < len(rs) && !unicode.IsSpace(rs[i]) && !strings.ContainsRune("(),'", rs[i]) && (isLiteral || rs[i] != ':') {
				i++
			}
			toks = append(toks, token{text: string(rs[start:i])})
		}
	}
	return toks
}

type filterParser struct {
	toks []token
	pos  int
}

func (p *filterParser) peek() (token, bool) {
	if p.pos < len(p.toks) {
		return p.toks[p.pos], true
	}
	return token{}, false
}

func (p *filterParser) keyword(word string) bool {
	t, ok := p.peek()
	if ok && !t.quoted && strings.EqualFold(t.text, word) {
		p.pos++
		return true
	}
	return false
}

func (p *filterParser) expect(text string) error {
	t, ok := p.peek()
	if !ok || t.quoted || t.text != text {
		return fmt.Errorf("expected %q", text)
	}
	p.pos++
	return nil
}

func (p *filterParser) next() (token, error) {
	t, ok := p.peek()
	if !ok {
		return token{}, fmt.Errorf("unexpected end of filter")
	}
	p.pos++
	return t, nil
}

func (p *filterParser) or() (Filter, error) {
	left, err := p.and()
	for err == nil && p.keyword("or") {
		var right Filter
		if right, err = p.and(); err == nil {
			left = logical{op: "or", l: left, r: right}
		}
	}
	return left, err
}

func (p *filterParser) and() (Filter, error) {
	left, err := p.unary()
	for err == nil && p.keyword("and") {
		var right Filter
		if right, err = p.unary(); err == nil {
			left = logical{op: "and", l: left, r: right}
		}
	}
	return left, err
}

func (p *filterParser) unary() (Filter, error) {
	if p.keyword("not") {
		inner, err := p.unary()
		return negation{inner}, err
	}
	if t, ok := p.peek(); ok && !t.quoted && t.text == "(" {
		p.pos++
		inner, err := p.or()
		if err != nil {
			return nil, err
		}
		return inner, p.expect(")")
	}
	name, err := p.next()
	if err != nil {
		return nil, err
	}
	if name.quoted {
		return nil, fmt.Errorf("expected a property, got '%s'", name.text)
	}
	if fn := strings.ToLower(name.text); fn == "startswith" || fn == "endswith" {
		if err := p.expect("("); err != nil {
			return nil, err
		}
		prop, err := p.next()
		if err != nil {
			return nil, err
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
		lit, err := p.literal()
		if err != nil {
			return nil, err
		}
		return comparison{prop: prop.text, op: fn, value: lit}, p.expect(")")
	}
	if prop, ok := strings.CutSuffix(name.text, "/any"); ok {
		return p.anyClause(prop)
	}
	op, err := p.next()
	if err != nil {
		return nil, err
	}
	switch o := strings.ToLower(op.text); o {
	case "eq", "ne", "ge", "le", "gt", "lt":
		lit, err := p.literal()
		return comparison{prop: name.text, op: o, value: lit}, err
	}
	return nil, fmt.Errorf("unknown operator %q", op.text)
}

// anyClause parses "(x:x eq 'v')" or "(i:i/issuer eq 'v')" after prop/any.
func (p *filterParser) anyClause(prop string) (Filter, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	v, err := p.next()
	if err != nil {
		return nil, err
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	ref, err := p.next()
	if err != nil {
		return nil, err
	}
	sub := ""
	if rest, ok := strings.CutPrefix(ref.text, v.text+"/"); ok {
		sub = rest
	} else if ref.text != v.text {
		return nil, fmt.Errorf("lambda variable %q is not %q", ref.text, v.text)
	}
	if err := p.expect("eq"); err != nil {
		return nil, err
	}
	lit, err := p.literal()
	if err != nil {
		return nil, err
	}
	return anyMatch{prop: prop, sub: sub, value: lit}, p.expect(")")
}

func (p *filterParser) literal() (any, error) {
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	if t.quoted {
		return t.text, nil
	}
	if strings.EqualFold(t.text, "null") {
		return nil, nil
	}
	if ts, err := time.Parse(time.RFC3339, t.text); err == nil {
		return ts, nil
	}
	return nil, fmt.Errorf("unsupported literal %q", t.text)
}

type logical struct {
	op   string
	l, r Filter
}

func (f logical) Match(m map[string]any) bool {
	if f.op == "and" {
		return f.l.Match(m) && f.r.Match(m)
	}
	return f.l.Match(m) || f.r.Match(m)
}

func (f logical) properties(fn func(string))    { f.l.properties(fn); f.r.properties(fn) }
func (f negation) properties(fn func(string))   { f.inner.properties(fn) }
func (f comparison) properties(fn func(string)) { fn(f.prop) }
func (f anyMatch) properties(fn func(string))   { fn(f.prop) }

func (f logical) NeedsAdvancedQuery() bool {
	return f.l.NeedsAdvancedQuery() || f.r.NeedsAdvancedQuery()
}

type negation struct{ inner Filter }

func (f negation) Match(m map[string]any) bool { return !f.inner.Match(m) }
func (negation) NeedsAdvancedQuery() bool      { return true }

type comparison struct {
	prop  string
	op    string
	value any
}

func (f comparison) NeedsAdvancedQuery() bool {
	return f.op == "ne" || f.op == "endswith" || (f.op == "eq" && f.value == nil)
}

func (f comparison) Match(m map[string]any) bool {
	got := m[f.prop]
	if f.value == nil {
		return (got == nil) == (f.op == "eq")
	}
	if want, ok := f.value.(time.Time); ok {
		s, _ := got.(string)
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return false
		}
		switch f.op {
		case "eq":
			return t.Equal(want)
		case "ne":
			return !t.Equal(want)
		case "ge":
			return !t.Before(want)
		case "le":
			return !t.After(want)
		case "gt":
			return t.After(want)
		case "lt":
			return t.Before(want)
		}
		return false
	}
	gs, _ := got.(string)
	want := strings.ToLower(fmt.Sprint(f.value))
	gs = strings.ToLower(gs)
	switch f.op {
	case "eq":
		return got != nil && gs == want
	case "ne":
		return gs != want
	case "startswith":
		return got != nil && strings.HasPrefix(gs, want)
	case "endswith":
		return got != nil && strings.HasSuffix(gs, want)
	case "ge":
		return gs >= want
	case "le":
		return gs <= want
	case "gt":
		return gs > want
	case "lt":
		return gs < want
	}
	return false
}

type anyMatch struct {
	prop, sub string
	value     any
}

func (anyMatch) NeedsAdvancedQuery() bool { return false }

func (f anyMatch) Match(m map[string]any) bool {
	want := strings.ToLower(fmt.Sprint(f.value))
	switch list := m[f.prop].(type) {
	case []string:
		for _, v := range list {
			if strings.ToLower(v) == want {
				return true
			}
		}
	case []identity:
		for _, id := range list {
			var v string
			switch f.sub {
			case "issuer":
				v = id.Issuer
			case "signInType":
				v = id.SignInType
			case "issuerAssignedId":
				v = id.IssuerAssignedID
			}
			if strings.ToLower(v) == want {
				return true
			}
		}
	}
	return false
}
