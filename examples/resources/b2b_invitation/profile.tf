# A partner's contractor, with the profile the tenant's reports and
# licenses rely on, and sponsors who answer for their access.
resource "b2b_invitation" "contractor" {
  email        = "sam.ortiz@fabrikam.example"
  redirect_url = "https://myapps.microsoft.com"
  display_name = "Sam Ortiz (Fabrikam)"

  given_name     = "Sam"
  surname        = "Ortiz"
  job_title      = "Field Engineer"
  department     = "Operations"
  company_name   = "Fabrikam"
  usage_location = "US"
  employee_type  = "Contractor"
  sponsor_ids    = ["a1b2c3d4-0004-4000-8000-00000000e004"]

  # Offboarding: block sign-in, keep the user and its memberships.
  account_enabled = true
}
