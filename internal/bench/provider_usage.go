package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// clockTicks is USER_HZ, the unit of the CPU times in /proc/<pid>/stat. It
// is 100 on every Linux architecture Go supports.
const clockTicks = 100

// providerUsage is what the provider processes of one terraform command
// used: the highest peak RSS of any of them, and their CPU time summed;
// and terraform's own peak RSS, which its children's do not count in.
type providerUsage struct {
	peakRSSKB          int64
	cpu                time.Duration
	terraformPeakRSSKB int64
}

// watchProviders polls /proc for the provider processes that the terraform
// process parent started, and no other, and returns a function that stops
// polling and gives their usage. Terraform starts every provider as its own
// child, so a provider of another terraform on the machine, which would
// otherwise be counted, is told apart by its parent. A process's CPU time is
// the last value seen before it exited, so it can fall short by one polling
// interval.
func watchProviders(parent int) func() providerUsage {
	var mu sync.Mutex
	var peak, parentPeak int64
	parentStatus := filepath.Join("/proc", strconv.Itoa(parent), "status")
	cpuByPID := map[string]time.Duration{}
	others := map[string]bool{} // processes seen not to be providers
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			// VmHWM only grows, and is gone once the process exits, so
			// the last value read is the peak as of then.
			if status, err := os.ReadFile(parentStatus); err == nil {
				mu.Lock()
				parentPeak = max(parentPeak, statusKB(string(status), "VmHWM:"))
				mu.Unlock()
			}
			for pid, p := range providerProcesses(parent, others) {
				mu.Lock()
				peak = max(peak, p.peakRSSKB)
				cpuByPID[pid] = max(cpuByPID[pid], p.cpu)
				mu.Unlock()
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() providerUsage {
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		u := providerUsage{peakRSSKB: peak, terraformPeakRSSKB: parentPeak}
		for _, cpu := range cpuByPID {
			u.cpu += cpu
		}
		return u
	}
}

// providerProcesses reads the running provider processes that are children
// of parent, by PID. It adds the other processes to others and skips them
// from then on, so that the polling itself takes little of the CPU it
// measures.
func providerProcesses(parent int, others map[string]bool) map[string]providerUsage {
	entries, _ := os.ReadDir("/proc")
	out := map[string]providerUsage{}
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil || others[e.Name()] {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		if statParent(string(stat)) != parent {
			others[e.Name()] = true
			continue
		}
		if !strings.Contains(string(stat), "(terraform-provi") {
			// A child that terraform has forked but not yet exec'd is
			// still named terraform; it may become a provider.
			if !strings.Contains(string(stat), "(terraform)") {
				others[e.Name()] = true
			}
			continue
		}
		status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		out[e.Name()] = providerUsage{peakRSSKB: statusKB(string(status), "VmHWM:"), cpu: statCPU(string(stat))}
	}
	return out
}

// statusKB reads one "Name: N kB" line of /proc/<pid>/status.
func statusKB(status, name string) int64 {
	for _, line := range strings.Split(status, "\n") {
		if v, ok := strings.CutPrefix(line, name); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb
		}
	}
	return 0
}

// statFields are the fields of /proc/<pid>/stat after the command name,
// which is in parentheses and may hold spaces: fields[0] is the state
// (field 3 of the file).
func statFields(stat string) []string {
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return nil
	}
	return strings.Fields(stat[end+1:])
}

// statParent reads the parent's PID (field 4), or -1.
func statParent(stat string) int {
	fields := statFields(stat)
	if len(fields) < 2 {
		return -1
	}
	ppid, err := strconv.Atoi(fields[1])
	if err != nil {
		return -1
	}
	return ppid
}

// statCPU reads utime + stime from /proc/<pid>/stat. The fields are counted
// after the command name, which is in parentheses and may hold spaces.
func statCPU(stat string) time.Duration {
	fields := statFields(stat)
	// utime and stime are fields 14 and 15.
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// loadAverage is the machine's one-minute load average, or -1.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return -1
	}
	return v
}
