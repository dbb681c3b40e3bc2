package main

import (
	"os"
	"testing"
	"time"
)

// TestThousandGuestApplyUnderGraphsBudgets runs the bench's apply and plan
// of 1,000 guests with every budget of Graph's enforced, as make test's
// one run at that size: the apply spends over 5,000 writes, which Graph's
// 3,000 per 2 min 30 s let through in no less than 150 s, and the provider
// paces itself at the budget's rate once the first window is spent, so it
// lasts about 4 to 5 minutes. The bench fails if Terraform reports an
// error, the tenant lacks a guest, or the budgets answered the apply with
// a 429.
func TestThousandGuestApplyUnderGraphsBudgets(t *testing.T) {
	if testing.Short() {
		t.Skip("spends over 2 minutes of Graph's write budget")
	}
	if bin := os.Getenv("TF_ACC_TERRAFORM_PATH"); bin != "" {
		terraformBin = bin
	}
	t.Chdir("../..") // the bench builds the provider from the repository's root
	o := options{n: 1000, latency: 20 * time.Millisecond, parallelism: 10, groups: 3, roles: 2, throttle: true, budgets: true,
		backend: "http", skipDestroy: true, unthrottled: true}
	if err := run(o); err != nil {
		t.Fatal(err)
	}
}
