// Command graphemu runs the local Microsoft Graph emulator in the foreground,
// so that a pipeline can be rehearsed without a tenant.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/b2b-guests/terraform-provider-b2b/internal/graphemu"
)

func main() {
	if handled, err := runControl(os.Args[1:], os.Stdout); handled {
		if err != nil {
			fmt.Fprintln(os.Stderr, "graphemu:", err)
			os.Exit(1)
		}
		return
	}
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "Usage: graphemu [flags]   runs the emulator in the foreground\n\n")
		flag.PrintDefaults()
		fmt.Fprint(flag.CommandLine.Output(), "\n"+seedUsage+"\n"+controlsUsage)
	}
	var (
		addr       = flag.String("addr", "127.0.0.1:0", "listen address (port 0 picks a free port)")
		seedPath   = flag.String("seed", "", "tenant seed JSON, as below (default: the built-in seed)")
		stateDir   = flag.String("state-dir", "", "directory for ca.pem and the tenant, kept across restarts in tenant.json (default: a new temporary directory, and a tenant that ends with the process)")
		certFile   = flag.String("cert", "", "serving certificate PEM (default: one signed by a new local CA)")
		keyFile    = flag.String("key", "", "key of -cert")
		envFile    = flag.String("env-file", "", "also write the variables to this file")
		envFormat  = flag.String("env-format", "shell", "format of -env-file: shell (export lines, the file replaced) or plain (NAME=value lines appended, as GitHub Actions' $GITHUB_ENV takes)")
		latency    = flag.Duration("latency", 0, "latency added to every Graph request")
		throttle   = flag.Bool("invite-throttle", true, "enforce Graph's 150 invitations per 5 s per tenant")
		appWrites  = flag.Bool("app-write-budget", true, "enforce Graph's 3,000 writes per 150 s for one app in the tenant")
		tenWrites  = flag.Bool("tenant-write-budget", true, "enforce Graph's 18,000 writes per 5 minutes for the tenant")
		readUnits  = flag.Bool("read-budget", true, "enforce Graph's read resource units per 10 s for one app (3,500, 5,000 or 8,000 by -tenant-size)")
		tenantSize = flag.String("tenant-size", "", "S, M or L for the read budget; empty counts the tenant's users, as Graph does")
		rate429    = flag.Float64("rate-429", 0, "share of Graph requests answered with 429")
		retryAfter = flag.Duration("retry-after", time.Second, "Retry-After sent with random 429s (0 sends none)")
		rate503    = flag.Float64("rate-503", 0, "share of Graph requests answered with 503")
		rate504    = flag.Float64("rate-504", 0, "share of Graph requests answered with 504")
		rateReset  = flag.Float64("rate-reset", 0, "share of Graph requests whose connection is reset")
		lag        = flag.Duration("replication-lag", 0, "how long a new guest stays invisible after the invite")
		pageSize   = flag.Int("page-size", 0, "largest page of GET /users; 0 is Graph's: 100, or $top up to 999")
		tokenLife  = flag.Duration("token-lifetime", time.Hour, "access token lifetime")
		tokenVer   = flag.Int("token-version", 1, "access token version: 1 (what Entra issues for Graph) or 2")
		noLicense  = flag.Bool("no-premium-license", false, "stand for a tenant without an Entra ID P1/P2 license, where sign-in activity cannot be read")
		clockAhead = flag.Duration("clock-ahead", 0, "start the tenant's clock this far ahead of real time; the seed's ages count back from it")
	)
	flag.Parse()
	// What the emulator writes (SSL_CERT_FILE, the env file) is read from
	// other folders than the one it started in, so paths become absolute.
	for _, p := range []*string{seedPath, stateDir, certFile, keyFile, envFile} {
		if err := absolute(p); err != nil {
			fmt.Fprintln(os.Stderr, "graphemu:", err)
			os.Exit(1)
		}
	}

	opts := graphemu.Options{
		Addr: *addr, StateDir: *stateDir, CertFile: *certFile, KeyFile: *keyFile, ClockAhead: *clockAhead,
		PageSize: *pageSize, TokenLifetime: *tokenLife, AccessTokenVersion: *tokenVer,
		Faults: graphemu.Faults{
			Latency: *latency, InviteThrottle: *throttle, ThrottleRate: *rate429, RetryAfter: *retryAfter,
			UnavailableRate: *rate503, GatewayTimeoutRate: *rate504, ResetRate: *rateReset, ReplicationLag: *lag,
			AppWriteBudget: *appWrites, TenantWriteBudget: *tenWrites, ReadBudget: *readUnits, TenantSize: *tenantSize,
		},
	}
	if *seedPath != "" {
		seed, err := graphemu.LoadSeed(*seedPath)
		if err != nil {
			fmt.Fprintln(os.Stderr, "graphemu:", err)
			os.Exit(1)
		}
		opts.Seed = &seed
	}
	if *noLicense {
		seed := graphemu.DefaultSeed()
		if opts.Seed != nil {
			seed = *opts.Seed
		}
		seed.NoPremiumLicense = true
		opts.Seed = &seed
	}
	srv, err := graphemu.Start(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "graphemu:", err)
		os.Exit(1)
	}
	env := srv.Env()
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var exports string
	for _, k := range keys {
		exports += fmt.Sprintf("export %s=%q\n", k, env[k])
	}
	printBanner(os.Stdout, srv)
	fmt.Print("Export these to point terraform-provider-b2b at it:\n" + exports)
	if *envFile != "" {
		if err := writeEnvFile(*envFile, *envFormat, keys, env, exports); err != nil {
			fmt.Fprintln(os.Stderr, "graphemu:", err)
			os.Exit(1)
		}
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	_ = srv.Close()
}

// writeEnvFile writes the variables for a shell to source, or appends them
// as NAME=value lines, the form CI systems read between steps.
func writeEnvFile(path, format string, keys []string, env map[string]string, exports string) error {
	switch format {
	case "shell":
		return os.WriteFile(path, []byte(exports), 0o600)
	case "plain":
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := fmt.Fprintf(f, "%s=%s\n", k, env[k]); err != nil {
				_ = f.Close()
				return err
			}
		}
		return f.Close()
	}
	return fmt.Errorf("-env-format is shell or plain, not %q", format)
}

// absolute makes a path given on the command line absolute.
func absolute(p *string) error {
	if *p == "" || filepath.IsAbs(*p) {
		return nil
	}
	abs, err := filepath.Abs(*p)
	if err != nil {
		return err
	}
	*p = abs
	return nil
}
