terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}

# The tenant and the credential come from the environment, with the azuread
# provider's variable names: ARM_TENANT_ID, ARM_CLIENT_ID and ARM_CLIENT_SECRET
# (or ARM_CLIENT_CERTIFICATE_PATH, ARM_USE_OIDC, ARM_USE_MSI, ARM_USE_CLI).
provider "b2b" {
  environment = "public"
}
