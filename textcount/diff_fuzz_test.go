package textcount

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The count takes two shortcuts whose straightforward forms are kept here
// as references: the URL scan jumps from one candidate to the next dot that
// can end a domain instead of walking every run in between, and the emoji
// search looks only at the units appendNFC16 listed instead of at every
// unit; a text that fits (countFits), or the rest of a text after the
// limit (count), is weighed from the tally of its units instead of unit by
// unit; and a path's ASCII units are classed with one look-up. FuzzShortcuts checks them
// against their references.

// scanURLsEveryRun is scanURLs as it was before it skipped ahead: after
// each candidate the walk goes on over every run.
func scanURLsEveryRun(dst []entity, s []uint16) []entity {
	sc := urlScanner{s: s, chainFrom: 1, chainEnd: 0}
	for from, k := 0, 0; from < len(s); {
		c, ok := sc.next(from, k)
		if !ok {
			break
		}
		from, k = c.end, c.end
		dst = sc.accept(dst, c)
	}
	return dst
}

// pathEndEveryUnit is urlScanner.pathEnd with isPC and isPEC asked of
// every unit, as it was before ASCII units were classed with one look-up.
func pathEndEveryUnit(sc *urlScanner, x int) int {
	s := sc.s
	end := x
	for k := x; k < len(s); {
		u := s[k]
		if isPC(u) {
			k++
			if isPEC(u) {
				end = k
			}
			continue
		}
		if u == '(' {
			if g := sc.balanced(k); g > 0 {
				k = g
				continue
			}
		}
		break
	}
	for end < len(s) && s[end] == '(' {
		g := sc.balanced(end)
		if g == 0 {
			break
		}
		end = g
	}
	return end
}

func FuzzShortcuts(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range benchTiny[:200] {
		f.Add(s)
	}
	f.Add("a.b see x.com/a, then docs.example.org/start and https://t.co/AbC 🧑‍💻 e\u0301 👍🏽x.com")
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			text = replaceInvalid(text)
		}
		var w work
		n, _, _, _ := appendNFC16(nil, &w, text)

		urls := appendURLs(nil, n)
		if want := scanURLsEveryRun(nil, n); !slices.Equal(urls, want) {
			t.Fatalf("URLs of %+q: %v, walking every run %v", text, urls, want)
		}
		for i := 1; i < len(n); i++ {
			want := -1
			for k := i; k+1 < len(n); k++ {
				if n[k] == '.' && mayEndDomain(n[k-1], n[k+1]) {
					want = k
					break
				}
			}
			if got := nextDomainDot(n, i); got != want {
				t.Fatalf("nextDomainDot(%+q, %d) = %d, want %d", text, i, got, want)
			}
		}
		if !strings.Contains(text, ".") && len(urls) > 0 {
			t.Fatalf("%+q has no dot, but its NFC form has URLs %v", text, urls)
		}

		var want []int32
		for k, u := range n {
			if continuesEmoji(u) {
				want = append(want, int32(k))
			}
		}
		if !slices.Equal(w.emojiHints, want) {
			t.Fatalf("emoji hints of %+q: %v, want %v", text, w.emojiHints, want)
		}
		sc := urlScanner{s: n}
		for x := range n {
			if got, want := sc.pathEnd(x), pathEndEveryUnit(&sc, x); got != want {
				t.Fatalf("pathEnd(%+q, %d) = %d, want %d", text, x, got, want)
			}
		}
		var units unitTally
		for _, u := range n {
			units.add(u, 1)
		}
		if w.units != units {
			t.Fatalf("unit tally of %+q: %+v, want %+v", text, w.units, units)
		}
		zeroURL := PremiumConfig.WithMax(25000)
		zeroURL.TransformedURLLength = 0
		for _, cfg := range []Config{DefaultConfig, ConfigV2, PremiumConfig, DefaultConfig.WithMax(10), zeroURL} {
			hints := emojiHints{known: true, at: w.emojiHints}
			ref := count(n, urls, &cfg, emojiHints{}, nil)
			if got := count(n, urls, &cfg, hints, nil); got != ref {
				t.Fatalf("count of %+q with hints %+v, looking at every unit %+v", text, got, ref)
			}
			if got := count(n, urls, &cfg, hints, &units); got != ref {
				t.Fatalf("count of %+q finishing from the tally %+v, unit by unit %+v", text, got, ref)
			}
			if got, ok := countFits(n, urls, &cfg, hints, units); ok && got != ref {
				t.Fatalf("countFits of %+q with %+v: %+v, count %+v", text, cfg, got, ref)
			} else if !ok && ref.valid && ref.w <= cfg.MaxWeightedTweetLength*cfg.Scale && len(n) > 0 && ref.goodEnd == len(n) {
				t.Logf("countFits declined %+q with %+v although it fits", text, cfg)
			}
		}
	})
}
