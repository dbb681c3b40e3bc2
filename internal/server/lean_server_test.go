package server

import (
	"context"
	"testing"
	"time"
)

type ctxKey struct{}

func TestLeanContextFollowsCancellationButKeepsNothing(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "logger"))
	ctx, done := lean(parent)
	defer done()
	if ctx.Value(ctxKey{}) != nil {
		t.Fatal("the lean context still carries the request's values")
	}
	cancelParent()
	select {
	case <-ctx.Done():
	case <-time.After(time.Second):
		t.Fatal("canceling the request did not cancel the lean context")
	}
}

func TestLeanContextKeepsTheDeadline(t *testing.T) {
	want := time.Now().Add(time.Minute)
	parent, cancel := context.WithDeadline(context.Background(), want)
	defer cancel()
	ctx, done := lean(parent)
	defer done()
	if got, ok := ctx.Deadline(); !ok || !got.Equal(want) {
		t.Fatalf("deadline = %v, %v; want %v", got, ok, want)
	}
}
