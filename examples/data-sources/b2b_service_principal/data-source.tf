data "b2b_service_principal" "portal" {
  application_id = "ae000000-0001-4000-8000-0000000000a1"
}

output "portal_reader_role" {
  value = {
    resource_id = data.b2b_service_principal.portal.object_id
    app_role_id = data.b2b_service_principal.portal.app_role_ids["Portal.Read"]
  }
}
