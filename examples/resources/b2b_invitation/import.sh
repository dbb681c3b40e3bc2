# By the guest user's object id (put the real one in place of the zeros):
terraform import b2b_invitation.pat 00000000-0000-0000-0000-000000000000

# Or by email address (mail or otherMails):
terraform import b2b_invitation.pat pat@partner.example
