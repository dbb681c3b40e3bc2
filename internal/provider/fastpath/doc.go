// Package fastpath answers, in front of terraform-plugin-framework, the
// three RPCs that every plan sends for every instance of a resource:
// ReadResource, UpgradeResourceState and, for an instance whose
// configuration changes nothing, PlanResourceChange. On a plan of
// thousands of instances, the framework's walks over the schema for these
// were most of the provider's CPU.
//
// It answers only where its answer is provably the framework's, and
// decides that before anything reaches the remote API; otherwise it
// returns false and the framework answers. What it must know of the
// resource comes from the resource's schema, once per process (Resource);
// what only the resource knows comes through Hooks: its refresh, and its
// plan of an instance that state holds, which must be the very function
// the resource's ModifyPlan calls.
//
// internal/server asks a provider's Shortcuts for an Answers before the
// framework answers each of these RPCs. The equivalence tests of the
// provider compare both answers case by case; the tests here cover the
// parts that need no resource.
package fastpath
