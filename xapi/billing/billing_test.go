package billing

import "testing"

func TestCostString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    Cost
		want string
	}{
		{15, "$0.015"}, {200, "$0.20"}, {10, "$0.01"}, {1, "$0.001"}, {0, "$0.00"},
		{1500, "$1.50"}, {1215, "$1.215"}, {-5, "-$0.005"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("Cost(%d) = %q, want %q", tt.c, got, tt.want)
		}
	}
}

func TestParseCost(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Cost
		ok   bool
	}{
		{"0.015", 15, true}, {"$0.20", 200, true}, {"2", 2000, true}, {".5", 500, true},
		{"0.0015", 0, false}, {"-1", 0, false}, {"", 0, false}, {"abc", 0, false}, {"2000000", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseCost(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseCost(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzCostRoundTrip(f *testing.F) {
	for _, s := range []string{"0.015", "$0.20", "12.5", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCost(s)
		if err != nil {
			return
		}
		back, err := ParseCost(c.String())
		if err != nil || back != c {
			t.Fatalf("ParseCost(%q) = %d, written %q, read back %d, %v", s, c, c.String(), back, err)
		}
	})
}

func TestPricesOf(t *testing.T) {
	t.Parallel()
	p := Prices{Post: 20}
	if p.Of(Post) != 20 || p.Of(PostURL) != 200 {
		t.Errorf("override: post %v, post_url %v", p.Of(Post), p.Of(PostURL))
	}
	if DefaultPrices.Of(PostURL) < 13*DefaultPrices.Of(Post) {
		t.Error("a post with a link should cost about 13 times a post")
	}
}
