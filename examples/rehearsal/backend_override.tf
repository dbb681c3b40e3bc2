# Written by the rehearsal job before `terraform init`: Terraform merges any
# file named *_override.tf over the configuration, so this swaps the real
# backend for a local state that the job throws away. A plain
# `terraform init` then works; `-backend=false` would leave `plan` asking
# for backend initialization.
terraform {
  backend "local" {}
}
