package graph

import (
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoft/kiota-abstractions-go/serialization"
	kform "github.com/microsoft/kiota-serialization-form-go"
	kjson "github.com/microsoft/kiota-serialization-json-go"
	kmultipart "github.com/microsoft/kiota-serialization-multipart-go"
	ktext "github.com/microsoft/kiota-serialization-text-go"
	"github.com/microsoftgraph/msgraph-sdk-go/groups"
	"github.com/microsoftgraph/msgraph-sdk-go/invitations"
	"github.com/microsoftgraph/msgraph-sdk-go/serviceprincipals"
	"github.com/microsoftgraph/msgraph-sdk-go/users"
	"sync"
)

// graphRoot stands in for msgraph-sdk-go's GraphServiceClient. That client
// has a method for every area of Graph (drives, sites, Teams, Intune, …),
// and calling any method links them all: the provider binary carried
// request builders for hundreds of APIs it never calls. graphRoot does what
// the SDK's constructor does, for the four areas used here.
type graphRoot struct {
	adapter abstractions.RequestAdapter
	params  map[string]string
}

// registerSerializers fills kiota's process-wide registries once. The SDK's
// constructor does it for every client, which races when two provider
// configurations are configured at the same time.
var registerSerializers = sync.OnceFunc(func() {
	abstractions.RegisterDefaultSerializer(func() serialization.SerializationWriterFactory { return kjson.NewJsonSerializationWriterFactory() })
	abstractions.RegisterDefaultSerializer(func() serialization.SerializationWriterFactory { return ktext.NewTextSerializationWriterFactory() })
	abstractions.RegisterDefaultSerializer(func() serialization.SerializationWriterFactory { return kform.NewFormSerializationWriterFactory() })
	abstractions.RegisterDefaultSerializer(func() serialization.SerializationWriterFactory {
		return kmultipart.NewMultipartSerializationWriterFactory()
	})
	abstractions.RegisterDefaultDeserializer(func() serialization.ParseNodeFactory { return kjson.NewJsonParseNodeFactory() })
	abstractions.RegisterDefaultDeserializer(func() serialization.ParseNodeFactory { return ktext.NewTextParseNodeFactory() })
	abstractions.RegisterDefaultDeserializer(func() serialization.ParseNodeFactory { return kform.NewFormParseNodeFactory() })
})

func newGraphRoot(adapter abstractions.RequestAdapter) graphRoot {
	registerSerializers()
	// A nil factory keeps the default one and, unlike the SDK's constructor,
	// does not write the process-wide factory again for every client.
	adapter.EnableBackingStore(nil)
	return graphRoot{adapter: adapter, params: map[string]string{"baseurl": adapter.GetBaseUrl()}}
}

func (g graphRoot) Users() *users.UsersRequestBuilder {
	return users.NewUsersRequestBuilderInternal(g.params, g.adapter)
}

func (g graphRoot) Groups() *groups.GroupsRequestBuilder {
	return groups.NewGroupsRequestBuilderInternal(g.params, g.adapter)
}

func (g graphRoot) Invitations() *invitations.InvitationsRequestBuilder {
	return invitations.NewInvitationsRequestBuilderInternal(g.params, g.adapter)
}

func (g graphRoot) ServicePrincipals() *serviceprincipals.ServicePrincipalsRequestBuilder {
	return serviceprincipals.NewServicePrincipalsRequestBuilderInternal(g.params, g.adapter)
}
