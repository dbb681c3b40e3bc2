package graphemu

import (
	"strings"
)

// selectPartner applies $select to a partner configuration, as Graph does
// for any entity: only the named properties (and the @odata annotations)
// are answered, and a name the type does not declare is a 400. Names
// match as written, as the emulator's user $select does.
func selectPartner(p map[string]any, selectParam string) (map[string]any, *graphError) {
	if strings.TrimSpace(selectParam) == "" {
		return p, nil
	}
	out := map[string]any{}
	for k, v := range p {
		if strings.HasPrefix(k, "@odata.") {
			out[k] = v
		}
	}
	for _, name := range strings.Split(selectParam, ",") {
		name = strings.TrimSpace(name)
		prop := name
		if _, ok := partnerObject.properties[prop]; !ok {
			return nil, errBadRequest("Could not find a property named '" + name + "' on type '" + partnerObject.name + "'.")
		}
		out[prop] = p[prop]
	}
	return out, nil
}
