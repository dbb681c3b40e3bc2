# In a file such as guests.tfquery.hcl: list blocks are refused in .tf files.
# Every guest of one partner who has not accepted yet.
list "b2b_invitation" "pending_partner" {
  provider = b2b

  config {
    external_user_state = "PendingAcceptance"
    email_domain        = "partner.example"
  }
}
