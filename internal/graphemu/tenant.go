package graphemu

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

// Seed describes a tenant as it stands when the emulator starts. It is read
// from JSON, so that a pipeline can rehearse against a tenant that looks like
// its own.
type Seed struct {
	TenantID       string `json:"tenant_id"`
	Domain         string `json:"domain"`
	InvitationsOff bool   `json:"invitations_disabled,omitempty"`
	// NoPremiumLicense stands for a tenant without an Entra ID P1 or P2
	// license, where Graph refuses to read sign-in activity.
	NoPremiumLicense  bool               `json:"no_premium_license,omitempty"`
	Apps              []App              `json:"apps"`
	Groups            []SeedGroup        `json:"groups"`
	ServicePrincipals []ServicePrincipal `json:"service_principals"`
	Users             []SeedUser         `json:"users"`
	// ExternalTenants are other Entra tenants, which guests' email domains
	// belong to; the tenant lookup by domain or id finds them.
	ExternalTenants []ExternalTenant `json:"external_tenants,omitempty"`
	// ConsumerDomains are email domains outside Entra, such as a mail
	// provider's, and whether their addresses hold Microsoft accounts; they
	// decide how a guest at them redeems (redemption.go).
	ConsumerDomains []ConsumerDomain `json:"consumer_domains,omitempty"`
	// SeedSettings are the tenant's settings at start (seed_settings.go).
	SeedSettings
	FederatedIssuerURL string `json:"-"`
}

// App is an app registration that may ask for tokens.
type App struct {
	ClientID    string   `json:"client_id"`
	DisplayName string   `json:"display_name"`
	ObjectID    string   `json:"object_id"`
	Secrets     []string `json:"secrets,omitempty"`
	// Certificates are PEM-encoded X.509 certificates whose keys may sign
	// client assertions.
	Certificates []string `json:"certificates,omitempty"`
	// FederatedSubjects are the `sub` claims of the emulator's own OIDC issuer
	// that this app trusts.
	FederatedSubjects []string `json:"federated_subjects,omitempty"`
	Permissions       []string `json:"permissions"`
}

// SeedGroup is a security group.
type SeedGroup struct {
	ID          string   `json:"id"`
	DisplayName string   `json:"display_name"`
	Members     []string `json:"members,omitempty"`
}

// ServicePrincipal is an enterprise application with app roles.
type ServicePrincipal struct {
	ID          string    `json:"id"`
	AppID       string    `json:"app_id"`
	DisplayName string    `json:"display_name"`
	AppRoles    []AppRole `json:"app_roles,omitempty"`
}

// AppRole is one role that a service principal offers to users.
type AppRole struct {
	ID          string `json:"id"`
	Value       string `json:"value"`
	DisplayName string `json:"display_name"`
}

// ExternalTenant is another organization's Entra tenant.
type ExternalTenant struct {
	TenantID      string   `json:"tenant_id"`
	DisplayName   string   `json:"display_name"`
	DefaultDomain string   `json:"default_domain"`
	Domains       []string `json:"domains"`
	// AutomaticRedemptionOutbound is whether the tenant lets its users skip
	// the consent prompt when they redeem other tenants' invitations.
	AutomaticRedemptionOutbound bool `json:"automatic_redemption_outbound,omitempty"`
	// Groups are groups of that tenant, with the emails of their members,
	// which inbound collaboration settings may name.
	Groups []ExternalGroup `json:"groups,omitempty"`
}

// ConsumerDomain is an email domain outside Entra. At a domain with
// MicrosoftAccounts, every address has a personal Microsoft account, as at
// a Microsoft mail service; elsewhere none has, until redemption makes one.
type ConsumerDomain struct {
	Domain            string `json:"domain"`
	MicrosoftAccounts bool   `json:"microsoft_accounts,omitempty"`
}

// ExternalGroup is a group of another organization's tenant.
type ExternalGroup struct {
	ID      string   `json:"id"`
	Members []string `json:"members"`
}

// SeedUser is a user present before anything is invited.
type SeedUser struct {
	ID                string   `json:"id"`
	DisplayName       string   `json:"display_name"`
	Mail              string   `json:"mail"`
	UserPrincipalName string   `json:"user_principal_name,omitempty"`
	UserType          string   `json:"user_type,omitempty"`
	ExternalUserState string   `json:"external_user_state,omitempty"`
	OtherMails        []string `json:"other_mails,omitempty"`
	// What a rehearsal stages about a person (seed_people.go): age,
	// blocked sign-in, groups, app roles and sign-ins.
	CreatedAgo     string          `json:"created_ago,omitempty"`
	AccountEnabled *bool           `json:"account_enabled,omitempty"`
	Groups         []string        `json:"groups,omitempty"`
	AppRoles       []SeedAppRole   `json:"app_roles,omitempty"`
	SignIns        []SeedSignIn    `json:"sign_ins,omitempty"`
	Extensions     []SeedExtension `json:"extensions,omitempty"`
}

//go:embed seed.json
var defaultSeedJSON []byte

// DefaultSeed is the tenant that `make demo` and the tests start from.
func DefaultSeed() Seed {
	var s Seed
	if err := json.Unmarshal(defaultSeedJSON, &s); err != nil {
		panic(fmt.Sprintf("graphemu: embedded seed.json is invalid: %v", err))
	}
	return s
}

// LoadSeed reads a tenant description from a JSON file.
func LoadSeed(path string) (Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Seed{}, err
	}
	// A field the seed does not know is a typo, which would otherwise
	// leave the tenant without what the seed meant to stage.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Seed
	if err := dec.Decode(&s); err != nil {
		return Seed{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// user is the emulator's record of a directory user.
type user struct {
	ID                string
	DisplayName       string
	Mail              string
	OtherMails        []string
	UPN               string
	UserType          string
	CreationType      string
	ExternalUserState string
	StateChangedAt    time.Time
	CreatedAt         time.Time
	Identities        []identity
	// Profile holds the optional string properties (profileStrings) that
	// are set; AccountDisabled is accountEnabled's negation, so that the
	// zero user can sign in.
	Profile         map[string]string
	AccountDisabled bool
	BusinessPhones  []string
	// Written holds the user model's writable properties that the emulator
	// keeps but does not act on (user_model.go), as written.
	Written map[string]json.RawMessage
	// Sponsors are the object ids of the user's sponsors (users or groups).
	Sponsors []string
	// Extensions are the user's open extensions, by lower-cased name.
	Extensions map[string]userExtension
	// visibleAt is when replication lag ends for this user.
	visibleAt   time.Time
	redeemToken string
	// SignIns is the user's sign-in activity; SessionsValidFrom is when
	// its sign-in sessions were last revoked.
	SignIns           signIns
	SessionsValidFrom time.Time
}

type userExtension struct {
	Name string
	Data map[string]any
}

type identity struct {
	SignInType       string `json:"signInType"`
	Issuer           string `json:"issuer"`
	IssuerAssignedID string `json:"issuerAssignedId"`
}

type group struct {
	ID          string
	DisplayName string
	Members     map[string]bool
}

type assignment struct {
	ID          string
	PrincipalID string
	ResourceID  string
	AppRoleID   string
	CreatedAt   time.Time
}

// tenant is the mutable directory. Every field is guarded by Server.mu.
type tenant struct {
	ID               string
	Domain           string
	InvitationsOff   bool
	NoPremiumLicense bool
	apps             map[string]*App
	// systemIdentity is the client id (lower case) of the app that answers
	// managed identity requests that name no client_id: the seed's first.
	systemIdentity string
	users          map[string]*user
	groups         map[string]*group
	sps            map[string]*ServicePrincipal
	assignments    map[string]*assignment
	external       []ExternalTenant
	partners       partnerStore
	defaults       map[string]any // the default cross-tenant settings; nil is the system default
	collaboration  collaborationPolicy
	emailMethod    emailMethod
	consumer       []ConsumerDomain
	// authorizationExtras are the authorization policy's properties that
	// the emulator keeps without acting on them (authorization_policy.go).
	authorizationExtras map[string]any
}

func newTenant(s Seed, now time.Time) *tenant {
	t := &tenant{
		ID:               s.TenantID,
		Domain:           s.Domain,
		InvitationsOff:   s.InvitationsOff,
		NoPremiumLicense: s.NoPremiumLicense,
		external:         s.ExternalTenants,
		collaboration:    defaultCollaborationPolicy(s.InvitationsOff),
		emailMethod:      defaultEmailMethod(),
		consumer:         s.ConsumerDomains,
		apps:             map[string]*App{},
		users:            map[string]*user{},
		groups:           map[string]*group{},
		sps:              map[string]*ServicePrincipal{},
		assignments:      map[string]*assignment{},
	}
	for i := range s.Apps {
		a := s.Apps[i]
		if a.ObjectID == "" {
			a.ObjectID = newID()
		}
		t.apps[strings.ToLower(a.ClientID)] = &a
		if i == 0 {
			t.systemIdentity = strings.ToLower(a.ClientID)
		}
	}
	for _, su := range s.Users {
		u := &user{
			ID: su.ID, DisplayName: su.DisplayName, Mail: su.Mail, OtherMails: su.OtherMails,
			UPN: su.UserPrincipalName, UserType: su.UserType, ExternalUserState: su.ExternalUserState,
			CreatedAt: now.Add(-24 * time.Hour),
		}
		if u.UserType == "" {
			u.UserType = "Member"
		}
		if u.UPN == "" {
			u.UPN = su.Mail
		}
		if u.UserType == "Guest" {
			u.CreationType = "Invitation"
			u.UPN = guestUPN(su.Mail, s.Domain)
			if u.ExternalUserState == "" {
				u.ExternalUserState = "Accepted"
			}
			u.StateChangedAt = u.CreatedAt
		}
		t.users[u.ID] = u
	}
	for _, sg := range s.Groups {
		g := &group{ID: sg.ID, DisplayName: sg.DisplayName, Members: map[string]bool{}}
		for _, m := range sg.Members {
			g.Members[m] = true
		}
		t.groups[g.ID] = g
	}
	for i := range s.ServicePrincipals {
		sp := s.ServicePrincipals[i]
		t.sps[sp.ID] = &sp
	}
	t.stagePeople(s, now)
	return t
}

// guestUPN builds the UPN Entra gives an invited guest: the email with @
// replaced by _, then #EXT#@ and the tenant's initial domain.
func guestUPN(email, domain string) string {
	return strings.ReplaceAll(strings.ToLower(email), "@", "_") + "#EXT#@" + domain
}

// userByEmail finds a user whose mail, otherMails or UPN is the email.
func (t *tenant) userByEmail(email string) *user {
	for _, u := range t.users {
		if strings.EqualFold(u.Mail, email) || strings.EqualFold(u.UPN, email) {
			return u
		}
		for _, m := range u.OtherMails {
			if strings.EqualFold(m, email) {
				return u
			}
		}
	}
	return nil
}

// findUser resolves an id or a UPN, as /users/{id | userPrincipalName} does.
func (t *tenant) findUser(key string) *user {
	if u, ok := t.users[strings.ToLower(key)]; ok {
		return u
	}
	for _, u := range t.users {
		if strings.EqualFold(u.UPN, key) {
			return u
		}
	}
	return nil
}
