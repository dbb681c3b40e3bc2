package main

import (
	"os"
	"testing"
	"time"
)

// fakeProviderEnv makes the test binary wait instead of testing, so that a
// test can run a copy of it under a provider's name.
const fakeProviderEnv = "B2B_BENCH_FAKE_PROVIDER"

func TestMain(m *testing.M) {
	if os.Getenv(fakeProviderEnv) != "" {
		time.Sleep(10 * time.Second)
		return
	}
	os.Exit(m.Run())
}
