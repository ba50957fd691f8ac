package main

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/xpostdev/xpost/ui/draft"
)

func TestPartStartLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		want []int
	}{
		{name: "one part", file: "hello\n", want: []int{1}},
		{name: "leading blank lines", file: "\n\nhello", want: []int{3}},
		{name: "three parts", file: "a\n---\n\nb\n---  \r\nc", want: []int{1, 4, 6}},
		{name: "empty part", file: "a\n---\n---\nc", want: []int{1, 3, 4}},
		{name: "escaped separator is text", file: "a\n\\---\nb", want: []int{1}},
		{name: "byte order mark", file: "\uFEFFa\n---\nb", want: []int{1, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, partStartLines([]byte(tt.file))); diff != "" {
				t.Errorf("partStartLines (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzPartStartLines checks that the line numbers in validation errors
// stay in step with the thread file parser: one start line per part, in
// increasing order.
func FuzzPartStartLines(f *testing.F) {
	f.Add([]byte("a\n---\nb"))
	f.Add([]byte("\uFEFF\n\n---\t\r\n- [ ] x\n- [ ] y\npoll: 1h\n---\n\\---\n"))
	f.Add([]byte("![alt](p.png)\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		starts := partStartLines(data)
		for i := 1; i < len(starts); i++ {
			if starts[i] <= starts[i-1] {
				t.Fatalf("start lines not increasing: %v", starts)
			}
		}
		d, err := draft.ParseThread(bytes.NewReader(data), "")
		if err != nil {
			return
		}
		if len(d.Posts) != len(starts) {
			t.Fatalf("the parser found %d parts, partStartLines %d (%v)", len(d.Posts), len(starts), starts)
		}
	})
}
