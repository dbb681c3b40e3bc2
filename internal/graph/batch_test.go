package graph

import "testing"

func TestChunkSteps(t *testing.T) {
	t.Parallel()
	pending := func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	for _, c := range []struct{ n, chunks, last int }{{0, 0, 0}, {1, 1, 1}, {20, 1, 20}, {21, 2, 1}, {45, 3, 5}} {
		got := chunkSteps(pending(c.n))
		if len(got) != c.chunks || (c.chunks > 0 && len(got[len(got)-1]) != c.last) {
			t.Errorf("%d steps: %d chunks, want %d with %d in the last", c.n, len(got), c.chunks, c.last)
		}
		for _, ch := range got {
			if len(ch) > maxBatch {
				t.Errorf("%d steps: a chunk of %d", c.n, len(ch))
			}
		}
	}
}
