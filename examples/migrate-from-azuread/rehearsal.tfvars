# The rehearsal's values: the three guests of seed.json, each in three
# groups with two app roles of the Contoso Partner Portal, as the azuread
# configuration left them.
n         = 3
group_ids = ["a1b2c3d4-0001-4000-8000-00000000e001", "a1b2c3d4-0002-4000-8000-00000000e002", "a1b2c3d4-0003-4000-8000-00000000e003"]
sp_id     = "5e000000-0001-4000-8000-0000000005a1"
role_ids  = ["7a000000-0001-4000-8000-000000000001", "7a000000-0002-4000-8000-000000000002"]
