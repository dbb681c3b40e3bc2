data "b2b_guest" "pat" {
  email = "pat@partner.example"
}

# Guest UPNs contain #EXT#; the provider encodes it.
data "b2b_guest" "by_upn" {
  user_principal_name = "pat_partner.example#EXT#@contoso.onmicrosoft.com"
}

output "pat_accepted" {
  value = data.b2b_guest.pat.accepted
}
