package server

import "os"

// SilenceUnreadLogs switches the SDK's and the provider's loggers off when
// Terraform will not show their lines. Without a level set, the plugin SDK
// logs at trace: every RPC then formats dozens of JSON lines that Terraform
// parses from the plugin's stderr and drops, a cost paid for every guest
// of a plan. Any TF_LOG* variable the
// user sets keeps the SDK's default behaviour.
// It reports whether it did.
func SilenceUnreadLogs() bool {
	if LogsRequested() {
		return false
	}
	for _, v := range []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		_ = os.Setenv(v, "off")
	}
	return true
}

// LogsRequested reports whether the user set any TF_LOG* variable, which
// decides whether the provider's logs are on, and so whether the lean
// wrapper serves it: in the binary and in the acceptance tests alike.
func LogsRequested() bool {
	for _, v := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_B2B", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if os.Getenv(v) != "" {
			return true
		}
	}
	return false
}
