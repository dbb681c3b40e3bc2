# In a file such as guests.tfquery.hcl: list blocks are refused in .tf files.
# Every guest of the tenant, with what an import records, for
# `terraform query -generate-config-out=guests.tf`. Terraform stops a list
# at 100 results unless the block raises its limit.
list "b2b_invitation" "all" {
  provider         = b2b
  include_resource = true
  limit            = 1000
}
