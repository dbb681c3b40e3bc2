# By the partner's tenant id:
terraform import b2b_partner.fabrikam 7e000000-0001-4000-8000-0000000fab01
