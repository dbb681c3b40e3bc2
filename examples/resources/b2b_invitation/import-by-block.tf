import {
  to = b2b_invitation.pat
  id = "pat@partner.example" # or the user's object id
}
