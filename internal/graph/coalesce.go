package graph

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// A request waits for others to share its $batch until none has arrived for
// coalesceIdle, and never longer than coalesceMax. Terraform walks resources
// ten at a time by default and they arrive a few milliseconds apart, so
// short windows fill batches without slowing a lone request noticeably.
const (
	coalesceIdle = 15 * time.Millisecond
	coalesceMax  = 60 * time.Millisecond
)

// coalescer packs the requests that different resources and data sources
// make at the same time (refresh reads, deletes) into shared $batch
// requests: a refresh of N guests then costs about N×3/20 round trips
// instead of N.
type coalescer struct {
	c       *Client
	mu      sync.Mutex
	pending []*coalescedRead
	size    int
	timer   *time.Timer
	first   time.Time
}

type coalescedRead struct {
	ctx   context.Context
	steps []step
	done  chan []stepResult
}

// run sends steps as part of a shared batch and waits for their results or
// for ctx to end.
func (co *coalescer) run(ctx context.Context, steps []step) []stepResult {
	req := &coalescedRead{ctx: ctx, steps: steps, done: make(chan []stepResult, 1)}
	co.mu.Lock()
	if co.size+len(steps) > maxBatch && len(co.pending) > 0 {
		co.flushLocked()
	}
	co.pending = append(co.pending, req)
	co.size += len(steps)
	now := time.Now()
	switch {
	case co.size >= maxBatch:
		co.flushLocked()
	case co.timer == nil:
		co.first = now
		co.timer = time.AfterFunc(coalesceIdle, co.flush)
	default:
		co.timer.Reset(min(coalesceIdle, co.first.Add(coalesceMax).Sub(now)))
	}
	co.mu.Unlock()

	select {
	case res := <-req.done:
		return res
	case <-ctx.Done():
		out := make([]stepResult, len(steps))
		for i := range out {
			out[i] = stepResult{Err: &Error{Operation: steps[i].op, Message: ctx.Err().Error()}}
		}
		return out
	}
}

func (co *coalescer) flush() {
	co.mu.Lock()
	defer co.mu.Unlock()
	co.flushLocked()
}

func (co *coalescer) flushLocked() {
	if co.timer != nil {
		co.timer.Stop()
		co.timer = nil
	}
	reads := co.pending
	co.pending, co.size = nil, 0
	if len(reads) == 0 {
		return
	}
	go co.send(reads)
}

// send runs one shared batch. It lives as long as the longest-lived caller:
// a caller whose context ends stops waiting, the others still get answers.
func (co *coalescer) send(reads []*coalescedRead) {
	ctx, cancel := sharedContext(reads)
	defer cancel()
	var steps []step
	for _, r := range reads {
		steps = append(steps, r.steps...)
	}
	results := co.c.runBatch(ctx, steps)
	offset := 0
	for _, r := range reads {
		r.done <- results[offset : offset+len(r.steps)]
		offset += len(r.steps)
	}
}

// sharedContext ends when every caller's context has ended, whether by its
// deadline or by a cancel such as Terraform's on Ctrl-C, and not before: a
// caller that gives up must not take the others' answers with it.
func sharedContext(reads []*coalescedRead) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(reads[0].ctx))
	remaining := int64(len(reads))
	stops := make([]func() bool, 0, len(reads))
	for _, r := range reads {
		stops = append(stops, context.AfterFunc(r.ctx, func() {
			if atomic.AddInt64(&remaining, -1) == 0 {
				cancel()
			}
		}))
	}
	return ctx, func() {
		for _, stop := range stops {
			stop()
		}
		cancel()
	}
}
