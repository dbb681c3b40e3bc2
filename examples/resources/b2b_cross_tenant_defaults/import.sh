# There is one set of defaults per tenant:
terraform import b2b_cross_tenant_defaults.this default
