package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	msgraphcore "github.com/microsoftgraph/msgraph-sdk-go-core"
)

// maxBatch is Graph's limit of requests in one $batch (package doc, "Errors, throttling and $batch").
const maxBatch = 20

// step is one request of a $batch, with what to say if it fails.
type step struct {
	req        *abstractions.RequestInformation
	op         string
	permission string
	// retryLag retries the answers Graph gives while a new user replicates.
	retryLag func(*Error) bool
}

// stepResult is the final answer to one step.
type stepResult struct {
	Status int
	Body   []byte
	Err    *Error
}

func (r stepResult) ok() bool { return r.Err == nil && r.Status >= 200 && r.Status < 300 }

// runBatch sends steps in $batch requests of at most 20 and retries, per
// step, what Graph asks to retry: inner 429s, 503s and 504s after their own
// Retry-After, and replication lag with backoff. It stops at the context's deadline; steps still failing then
// keep their last error.
func (c *Client) runBatch(ctx context.Context, steps []step) []stepResult {
	results := make([]stepResult, len(steps))
	pending := make([]int, len(steps))
	for i := range steps {
		pending[i] = i
	}
	for round := 1; len(pending) > 0; round++ {
		var retry []int
		var delay time.Duration
		var mu sync.Mutex
		var wg sync.WaitGroup
		// Chunks go out together: each touches its own steps' results.
		for _, chunk := range chunkSteps(pending) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				again, wait := c.sendChunk(ctx, steps, chunk, results, round)
				mu.Lock()
				retry = append(retry, again...)
				delay = max(delay, wait)
				mu.Unlock()
			}()
		}
		wg.Wait()
		if len(retry) == 0 {
			return results
		}
		if !canRetry(ctx, round, delay) || sleep(ctx, delay) != nil {
			markOutOfTime(ctx, results, retry)
			return results
		}
		pending = retry
	}
	return results
}

// markOutOfTime records, on the steps Graph still asked to retry, that they
// stopped because the operation's deadline left no time to wait, so that the
// error says the timeout ran out rather than only what Graph last answered.
func markOutOfTime(ctx context.Context, results []stepResult, retry []int) {
	if _, hasDeadline := ctx.Deadline(); !hasDeadline && ctx.Err() == nil {
		return
	}
	for _, i := range retry {
		if results[i].Err != nil {
			results[i].Err.OutOfTime = true
		}
	}
}

// chunkSteps splits pending steps into batches of at most maxBatch.
func chunkSteps(pending []int) [][]int {
	var chunks [][]int
	for len(pending) > maxBatch {
		chunks = append(chunks, pending[:maxBatch])
		pending = pending[maxBatch:]
	}
	if len(pending) > 0 {
		chunks = append(chunks, pending)
	}
	return chunks
}

func (c *Client) sendChunk(ctx context.Context, steps []step, chunk []int, results []stepResult, round int) ([]int, time.Duration) {
	batch := msgraphcore.NewBatchRequest(c.adapter)
	itemOf := map[string]int{}
	items := map[int]msgraphcore.BatchItem{}
	for _, i := range chunk {
		item, err := batch.AddBatchRequestStep(*steps[i].req)
		if err != nil {
			results[i] = stepResult{Err: &Error{Operation: steps[i].op, Message: err.Error()}}
			continue
		}
		items[i] = item
		itemOf[*item.GetId()] = i
	}
	if len(items) == 0 {
		return nil, 0
	}
	resp, err := batch.Send(ctx, c.adapter)
	if err != nil {
		var retry []int
		for _, i := range chunk {
			ge, _ := wrap(err, steps[i].op, steps[i].permission).(*Error)
			if ge == nil {
				ge = &Error{Operation: steps[i].op, Message: unreadableAnswer + err.Error()}
			}
			results[i] = stepResult{Err: ge}
			if isTransient(ge.Status) {
				retry = append(retry, i)
			}
		}
		return retry, backoff(round)
	}
	var retry []int
	var delay time.Duration
	for _, item := range resp.GetResponses() {
		i, ok := itemOf[deref(item.GetId())]
		if !ok {
			continue
		}
		status := int(deref(item.GetStatus()))
		body, _ := json.Marshal(item.GetBody())
		res := stepResult{Status: status, Body: body}
		if status >= 400 {
			res.Err = batchError(status, body, steps[i].op, steps[i].permission)
		}
		results[i] = res
		switch {
		case res.Err == nil:
		case isTransient(status):
			retry = append(retry, i)
			wait, given := retryAfter(headerValue(item.GetHeaders(), "Retry-After"))
			if !given {
				wait = backoff(round)
			}
			if status == http.StatusTooManyRequests {
				c.pacerThrottled(wait)
			}
			delay = max(delay, wait)
		case steps[i].retryLag != nil && steps[i].retryLag(res.Err):
			retry = append(retry, i)
			delay = max(delay, backoff(round))
		}
	}
	return retry, delay
}

func (c *Client) pacerThrottled(wait time.Duration) { pacers.get(c.tenantID).throttled(wait) }

func isTransient(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

func headerValue(h map[string]string, name string) string {
	for k, v := range h {
		if http.CanonicalHeaderKey(k) == http.CanonicalHeaderKey(name) {
			return v
		}
	}
	return ""
}
