# A partner named by the domain its people's emails carry.
data "b2b_tenant" "fabrikam" {
  domain_name = "fabrikam.example"
}

output "fabrikam_tenant_id" {
  value = data.b2b_tenant.fabrikam.tenant_id
}
