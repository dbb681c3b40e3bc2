# list blocks are refused in .tf files. Every guest of one partner's domain,
# with what an import records; Terraform stops a list at 100 results unless
# the block raises its limit.
list "b2b_invitation" "found" {
  provider         = b2b
  include_resource = true
  limit            = 1000

  config {
    email_domain = "fabrikam.example"
  }
}
