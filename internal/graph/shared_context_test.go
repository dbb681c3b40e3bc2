package graph

import (
	"context"
	"testing"
	"time"
)

// A shared batch ends when its last caller gives up, by a cancel (Ctrl-C)
// or by its deadline, and not while any caller still waits.
func TestSharedContextEndsWithItsLastCaller(t *testing.T) {
	t.Parallel()
	first, cancelFirst := context.WithCancel(context.Background())
	second, cancelSecond := context.WithTimeout(context.Background(), time.Hour)
	defer cancelSecond()
	shared, release := sharedContext([]*coalescedRead{{ctx: first}, {ctx: second}})
	defer release()

	cancelFirst()
	select {
	case <-shared.Done():
		t.Fatal("the batch ended while a caller still waited")
	case <-time.After(50 * time.Millisecond):
	}
	cancelSecond()
	select {
	case <-shared.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the batch went on after every caller gave up")
	}

	// A deadline ends a caller as a cancel does.
	soon, cancelSoon := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancelSoon()
	shared, release2 := sharedContext([]*coalescedRead{{ctx: soon}})
	defer release2()
	select {
	case <-shared.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the batch outlived its only caller's deadline")
	}
}
