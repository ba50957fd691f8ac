package textcount

import (
	"slices"
	"testing"
	"unicode/utf16"
)

// FuzzURLs checks that the URL finder accepts any text and returns entities
// in order, without overlap, inside the text, and that skipping the text
// before the earliest possible start finds the same entities. The finder's answers are
// checked against the reference by TestURLsConformance and TestAppendURLs;
// this checks the invariants the scan of Parse relies on.
func FuzzURLs(f *testing.F) {
	for _, seed := range []string{
		"", "x.com", "http://example.com/foo_(bar)?q=1#x", "$😀.mail.net", "example.com日本.com/path",
		"b.comx日b.com/p", "https://t.co/abc/def", "a.com/x.(ab)", "foo.com/a(b(c)d)e.", "日本example.com/path",
		"\u2066\u202Ahttp://foobar.پاکستان/\u202C\u2069", "xn--abc.com", "http://日本。中国.com", "a_b.example.com",
		"http://example.com/......", "a.b.c.d.e.f.g.h.i.j.com", "(((a.com/(b)(c)((d)))))", "foo.com:80/x?y=z&",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		s := utf16.Encode([]rune(text))
		es := appendURLs(nil, s)
		end := 0
		for i, e := range es {
			if e.length <= 0 || e.start < end || e.start+e.length > len(s) {
				t.Fatalf("appendURLs(%q): entity %d %+v is empty, overlaps the one before or leaves the text (len %d)", text, i, e, len(s))
			}
			end = e.start + e.length
		}
		// Skipping to the earliest possible start changes nothing.
		if all := scanURLs(nil, s, 0); len(all) != len(es) || len(es) > 0 && !slices.Equal(all, es) {
			t.Fatalf("appendURLs(%q) = %v, but a walk over the whole text finds %v", text, es, all)
		}
		// Appending keeps what dst holds.
		dst := appendURLs([]entity{{start: -1, length: 1}}, s)
		if len(dst) != len(es)+1 || dst[0] != (entity{start: -1, length: 1}) {
			t.Fatalf("appendURLs(%q) with a non-empty dst returned %v, want the entity kept and %d more", text, dst, len(es))
		}
	})
}
