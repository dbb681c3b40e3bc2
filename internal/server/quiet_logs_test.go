package server

import (
	"os"
	"testing"
)

func TestSilenceUnreadLogs(t *testing.T) {
	vars := []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_B2B", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}
	unsetAll := func() {
		for _, v := range vars {
			t.Setenv(v, "")
			_ = os.Unsetenv(v)
		}
	}

	unsetAll()
	if !SilenceUnreadLogs() {
		t.Fatal("with no TF_LOG, SilenceUnreadLogs reports the logs on, so the lean server would not be used")
	}
	if got := os.Getenv("TF_LOG_SDK_FRAMEWORK"); got != "off" {
		t.Fatalf("with no TF_LOG, TF_LOG_SDK_FRAMEWORK = %q, want off", got)
	}

	unsetAll()
	t.Setenv("TF_LOG", "trace")
	if !LogsRequested() {
		t.Fatal("with TF_LOG=trace, LogsRequested says no, so the tests would serve lean and show no logs")
	}
	if SilenceUnreadLogs() {
		t.Fatal("with TF_LOG=trace, SilenceUnreadLogs reports the logs off")
	}
	if got := os.Getenv("TF_LOG_SDK_FRAMEWORK"); got != "" {
		t.Fatalf("with TF_LOG=trace, TF_LOG_SDK_FRAMEWORK = %q, want it left unset", got)
	}
}
