# Credentials come from the environment (ARM_TENANT_ID, ARM_CLIENT_ID,
# ARM_CLIENT_SECRET, …), exactly as for the azuread provider.
provider "b2b" {}

# Or explicitly, here with a certificate:
provider "b2b" {
  alias                       = "certificate"
  tenant_id                   = "00000000-0000-0000-0000-000000000000"
  client_id                   = "00000000-0000-0000-0000-000000000000"
  client_certificate_path     = "/path/to/terraform-b2b.pfx"
  client_certificate_password = var.certificate_password
}

variable "certificate_password" {
  type      = string
  sensitive = true
  default   = ""
}
