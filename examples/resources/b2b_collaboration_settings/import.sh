# There is one set per tenant:
terraform import b2b_collaboration_settings.this collaboration_settings
