package graphemu

import (
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// graphAppID is Microsoft Graph's application id, which v2.0 access tokens
// carry as their audience.
const graphAppID = "00000003-0000-0000-c000-000000000000"

// accessClaims is what the emulator reads back from a verified access
// token: who called, for which tenant, with which application permissions.
type accessClaims struct {
	TenantID string
	AppID    string
	Roles    []string
}

// accessTokenClaims are the claims Entra puts in an app-only access token
// for Graph, claim by claim. Version 1.0 (Graph's own, whichever token
// endpoint was used) names the app in appid and is issued by
// sts.windows.net; version 2.0 names it in azp, is issued by the v2.0
// authority and has Graph's application id as its audience. aud is one
// string in both, never an array.
func (s *Server) accessTokenClaims(app *App, version int) jwt.MapClaims {
	now := s.now()
	tid := s.tenant.ID
	acr := "1" // a client secret
	if len(app.Secrets) == 0 {
		acr = "2" // a certificate or a federated assertion
	}
	c := jwt.MapClaims{
		"iat": now.Unix(), "nbf": now.Add(-5 * time.Minute).Unix(), "exp": now.Add(s.tokenLifetime()).Unix(),
		"aio": newID(), "idtyp": "app", "oid": app.ObjectID, "sub": app.ObjectID, "tid": tid,
		"rh": "0.emulator." + newID(), "uti": newID(), "roles": append([]string{}, app.Permissions...),
		"xms_tcdt": now.Add(-365 * 24 * time.Hour).Unix(),
	}
	if version == 2 {
		c["aud"], c["iss"], c["ver"] = graphAppID, s.baseURL+"/"+tid+"/v2.0", "2.0"
		c["azp"], c["azpacr"] = app.ClientID, acr
		return c
	}
	c["aud"], c["iss"], c["ver"] = graphAudience, "https://sts.windows.net/"+tid+"/", "1.0"
	c["appid"], c["appidacr"], c["idp"] = app.ClientID, acr, "https://sts.windows.net/"+tid+"/"
	c["app_displayname"], c["tenant_region_scope"] = app.DisplayName, "EU"
	c["wids"] = []string{"0997a1d0-0d1d-4acb-b408-d5ca73121e90"}
	return c
}

func (s *Server) issueAccessToken(app *App) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, s.accessTokenClaims(app, s.opts.AccessTokenVersion))
	tok.Header["kid"] = s.keyID
	tok.Header["x5t"] = s.keyID
	return tok.SignedString(s.signKey)
}

// readAccessToken verifies a bearer token the emulator issued, of either
// version, and returns what the Graph routes need of it.
func (s *Server) readAccessToken(raw string) (*accessClaims, error) {
	mc := jwt.MapClaims{}
	_, err := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithTimeFunc(s.now), jwt.WithExpirationRequired()).
		ParseWithClaims(raw, mc, func(*jwt.Token) (any, error) { return &s.signKey.PublicKey, nil })
	if err != nil {
		return nil, err
	}
	aud, _ := mc["aud"].(string)
	if aud != graphAudience && aud != graphAppID {
		return nil, jwt.ErrTokenInvalidAudience
	}
	c := &accessClaims{}
	c.TenantID, _ = mc["tid"].(string)
	if c.AppID, _ = mc["appid"].(string); c.AppID == "" {
		c.AppID, _ = mc["azp"].(string)
	}
	roles, _ := mc["roles"].([]any)
	for _, r := range roles {
		if s, ok := r.(string); ok {
			c.Roles = append(c.Roles, s)
		}
	}
	return c, nil
}
