# Guests made anywhere else (the portal, PowerShell, another state), found
# with `terraform query -generate-config-out=guests.tf` and imported into
# this configuration's own state.
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}

provider "b2b" {}
