# Thousands of guests from a partner's CSV, spread over module instances by a
# hash of each email. Terraform's cost per guest then stays flat as the list
# grows, and adding or removing a row moves no other guest: a guest's module
# instance depends on its own email alone, never on its position in the list.
terraform {
  required_providers {
    b2b = {
      source = "b2b-guests/b2b"
    }
  }
}

provider "b2b" {}

variable "buckets" {
  description = "How many module instances hold the guests: about one per 20 to 50 guests. Choose it once; a new count moves guests between instances."
  type        = number
  default     = 4
}

variable "group_ids" {
  description = "The groups every guest of the partner joins (the emulator's default seed)."
  type        = set(string)
  default     = ["a1b2c3d4-0001-4000-8000-00000000e001", "a1b2c3d4-0005-4000-8000-00000000e005"]
}

locals {
  guests = csvdecode(file("${path.module}/guests.csv"))
  # The first 32 bits of the email's SHA-1, modulo the bucket count.
  buckets = {
    for g in local.guests :
    tostring(parseint(substr(sha1(lower(g.email)), 0, 8), 16) % var.buckets) => g...
  }
}

module "guests" {
  source   = "./guests"
  for_each = local.buckets

  guests    = each.value
  group_ids = var.group_ids
}

output "guests" {
  # The 0 keeps sum() defined when the CSV holds no rows yet.
  value = sum(concat([0], [for m in module.guests : m.count]))
}
