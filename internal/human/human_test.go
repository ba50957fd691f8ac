package human

import (
	"testing"
	"time"
)

func TestSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		n    int64
		want string
	}{
		{"zero", 0, "0 bytes"},
		{"one byte", 1, "1 byte"},
		{"bytes", 1023, "1,023 bytes"},
		{"a kilobyte", 1 << 10, "1 KB"},
		{"whole kilobytes", 640 << 10, "640 KB"},
		{"kilobytes round up", 1<<10 + 1, "1.1 KB"},
		{"X's image cap", 5_242_880, "5 MB"},
		{"a byte over the cap is not the cap", 5_242_881, "5.1 MB"},
		{"a byte under the cap", 5_242_879, "5.0 MB"},
		{"X's GIF cap", 15 << 20, "15 MB"},
		{"X's video cap", 512 << 20, "512 MB"},
		{"tenths round up", 7_549_747, "7.2 MB"},
		{"a decimal megabyte is less than one", 1_000_000, "976.6 KB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Size(tt.n); got != tt.want {
				t.Errorf("Size(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}

func TestCount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		n         int
		one, many string
		want      string
		wantNoun  string
	}{
		{"none", 0, "post", "posts", "0 posts", "posts"},
		{"one", 1, "post", "posts", "1 post", "post"},
		{"many", 3, "post", "posts", "3 posts", "posts"},
		{"irregular", 2, "reply", "replies", "2 replies", "replies"},
		{"negative", -1, "post", "posts", "-1 posts", "posts"},
		{"thousands", 1234, "vote", "votes", "1,234 votes", "votes"},
		{"millions", -1234567, "vote", "votes", "-1,234,567 votes", "votes"},
		{"three digits", 999, "vote", "votes", "999 votes", "votes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Count(tt.n, tt.one, tt.many); got != tt.want {
				t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
			}
			if got := Plural(tt.n, tt.one, tt.many); got != tt.wantNoun {
				t.Errorf("Plural(%d) = %q, want %q", tt.n, got, tt.wantNoun)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		d    time.Duration
		want string
	}{
		{"X's shortest poll", 5 * time.Minute, "5 minutes"},
		{"one of each", 24*time.Hour + time.Hour + time.Minute, "1 day 1 hour 1 minute"},
		{"days and hours", 36 * time.Hour, "1 day 12 hours"},
		{"minutes carry into hours", 90 * time.Minute, "1 hour 30 minutes"},
		{"X's longest poll", 7 * 24 * time.Hour, "7 days"},
		{"seconds are dropped", time.Minute + 30*time.Second, "1 minute"},
		{"under a minute", 30 * time.Second, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Duration(tt.d); got != tt.want {
				t.Errorf("Duration(%v) = %q, want %q", tt.d, got, tt.want)
			}
		})
	}
}

func TestShort(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		d    time.Duration
		want string
	}{
		{"under a minute", 59 * time.Second, "0m"},
		{"minutes", 59*time.Minute + 59*time.Second, "59m"},
		{"an hour", time.Hour, "1h"},
		{"hours round down", 23*time.Hour + 59*time.Minute, "23h"},
		{"days", 50 * time.Hour, "2d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Short(tt.d); got != tt.want {
				t.Errorf("Short(%v) = %q, want %q", tt.d, got, tt.want)
			}
		})
	}
}

func TestShare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		k, n int
		want string
	}{
		{0, 5, "0 of 5 posts are"},
		{1, 5, "1 of 5 posts is"},
		{2, 5, "2 of 5 posts are"},
		{1, 1, "1 of 1 post is"},
		{1000, 1200, "1,000 of 1,200 posts are"},
	}
	for _, tt := range tests {
		if got := Share(tt.k, tt.n, "post", "posts"); got != tt.want {
			t.Errorf("Share(%d, %d) = %q, want %q", tt.k, tt.n, got, tt.want)
		}
	}
}
