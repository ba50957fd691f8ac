package textcount

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// wantURL is an expected URL entity: its start in UTF-16 units and its text.
type wantURL struct {
	start int
	url   string
}

func urlEntities(t testing.TB, text string) []entity {
	t.Helper()
	return appendURLs(nil, utf16.Encode([]rune(text)))
}

// TestAppendURLs checks the finder on the examples of docs/counting.md §6 and
// on the corners of the reference's expression. Every expectation is the
// answer of twitter-text 3.1.0's extractUrlsWithIndices.
func TestAppendURLs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []wantURL
	}{
		{name: "empty", text: "", want: []wantURL{}},
		{name: "no dot", text: "http://example", want: []wantURL{}},
		{name: "lone URL", text: "http://example.com", want: []wantURL{{0, "http://example.com"}}},
		{name: "in text", text: "Hi http://test.co", want: []wantURL{{3, "http://test.co"}}},
		{name: "scheme-less short", text: "x.com", want: []wantURL{{0, "x.com"}}},
		{name: "no TLD", text: "a.b", want: []wantURL{}},
		{name: "trailing period", text: "example.com.", want: []wantURL{{0, "example.com"}}},
		{name: "empty port", text: "http://example.com:/x", want: []wantURL{{0, "http://example.com"}}},
		{name: "user info", text: "http://user:pass@example.com", want: []wantURL{}},
		{name: "path tilde", text: "example.com/~", want: []wantURL{{0, "example.com/"}}},
		{name: "port and path", text: "http://example.com:8080/a/b", want: []wantURL{{0, "http://example.com:8080/a/b"}}},
		{name: "port without range check", text: "http://example.com:99999999999/x", want: []wantURL{{0, "http://example.com:99999999999/x"}}},
		{name: "scheme any case", text: "HtTpS://Example.COM/Path", want: []wantURL{{0, "HtTpS://Example.COM/Path"}}},
		{name: "ftp is not a scheme", text: "ftp://example.com", want: []wantURL{}},
		{name: "label 63", text: "http://" + strings.Repeat("a", 63) + ".com", want: []wantURL{{0, "http://" + strings.Repeat("a", 63) + ".com"}}},
		{name: "label 64", text: "http://" + strings.Repeat("a", 64) + ".com", want: []wantURL{}},
		{name: "label 64 scheme-less", text: "a " + strings.Repeat("b", 64) + ".com", want: []wantURL{}},
		{name: "hiragana 52 (punycode 63)", text: "http://" + sized("あいうえおかきくけこ", 52) + ".com", want: []wantURL{{0, "http://" + sized("あいうえおかきくけこ", 52) + ".com"}}},
		{name: "hiragana 53 (punycode 64)", text: "http://" + sized("あいうえおかきくけこ", 53) + ".com", want: []wantURL{}},
		{name: "hiragana 53 then text", text: "http://" + sized("あいうえおかきくけこ", 53) + ".com x.com", want: []wantURL{{65, "x.com"}}},
		{name: "one hiragana 53 times (short Punycode)", text: "http://" + strings.Repeat("あ", 53) + ".com", want: []wantURL{{0, "http://" + strings.Repeat("あ", 53) + ".com"}}},
		{name: "ideographic full stop splits a label", text: "http://日本。中国.com", want: []wantURL{{0, "http://日本。中国.com"}}},
		{name: "4089 with http", text: "http://" + strings.Repeat("a.", 2040) + "co", want: []wantURL{{0, "http://" + strings.Repeat("a.", 2040) + "co"}}},
		{name: "4090 with http", text: "http://" + strings.Repeat("a.", 2040) + "com", want: []wantURL{}},
		{name: "4088 scheme-less", text: "a " + strings.Repeat("a.", 2043) + "co", want: []wantURL{{2, ("a " + strings.Repeat("a.", 2043) + "co")[2:]}}},
		{name: "4089 scheme-less", text: "a " + strings.Repeat("a.", 2043) + "com", want: []wantURL{}},
		{name: "4088 https", text: "https://" + strings.Repeat("a.", 2039) + "co", want: []wantURL{{0, "https://" + strings.Repeat("a.", 2039) + "co"}}},
		{name: "4089 https", text: "https://" + strings.Repeat("a.", 2039) + "com", want: []wantURL{}},
		{name: "t.co", text: "https://t.co/abc", want: []wantURL{{0, "https://t.co/abc"}}},
		{name: "t.co cut", text: "https://t.co/abc/def", want: []wantURL{{0, "https://t.co/abc"}}},
		{name: "t.co with query", text: "http://t.co/abc?x=1&y=.", want: []wantURL{{0, "http://t.co/abc?x=1&y="}}},
		{name: "t.co any case", text: "HTTPS://T.CO/AbC?x=1", want: []wantURL{{0, "HTTPS://T.CO/AbC?x=1"}}},
		{name: "t.co slug 40", text: "https://t.co/" + strings.Repeat("a", 40), want: []wantURL{{0, "https://t.co/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}},
		{name: "t.co slug 41", text: "https://t.co/" + strings.Repeat("a", 41), want: []wantURL{}},
		{name: "t.co slug 41 then text", text: "see https://t.co/" + strings.Repeat("a", 41) + " and x.com", want: []wantURL{{63, "x.com"}}},
		{name: "t.co without scheme has no limit", text: "t.co/" + strings.Repeat("a", 41), want: []wantURL{{0, "t.co/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}},
		{name: "bare t.co", text: "https://t.co and t.co", want: []wantURL{{0, "https://t.co"}, {17, "t.co"}}},
		{name: "t.co then bit.ly", text: "t.co/abcde bit.ly/abcde", want: []wantURL{{0, "t.co/abcde"}, {11, "bit.ly/abcde"}}},
		{name: "trailing punctuation", text: "http://example.com/foo.", want: []wantURL{{0, "http://example.com/foo"}}},
		{name: "trailing punctuation set", text: "http://example.com/a.,!?;:'~*%$@|&[])", want: []wantURL{{0, "http://example.com/a"}}},
		{name: "parentheses around", text: "(example.com/foo_(bar))", want: []wantURL{{1, "example.com/foo_(bar)"}}},
		{name: "nested parentheses", text: "foo.com/a(b(c)d)e.", want: []wantURL{{0, "foo.com/a(b(c)d)e"}}},
		{name: "too deep", text: "foo.com/a(b(c(d)))", want: []wantURL{{0, "foo.com/a"}}},
		{name: "group after non-ending", text: "a.com/x.(ab)", want: []wantURL{{0, "a.com/x"}}},
		{name: "group after ending", text: "a.com/x(9.ab!)", want: []wantURL{{0, "a.com/x(9.ab!)"}}},
		{name: "groups in a row", text: "foo.com/a(b)(c).", want: []wantURL{{0, "foo.com/a(b)(c)"}}},
		{name: "path ends at CJK", text: "foo.com/日本", want: []wantURL{{0, "foo.com/"}}},
		{name: "path with Cyrillic", text: "http://example.com/путь", want: []wantURL{{0, "http://example.com/путь"}}},
		{name: "query", text: "http://example.com/?a=1&b=2.", want: []wantURL{{0, "http://example.com/?a=1&b=2"}}},
		{name: "lone question mark", text: "http://example.com?", want: []wantURL{{0, "http://example.com"}}},
		{name: "query stops at non-ASCII", text: "https://example.com?q=é", want: []wantURL{{0, "https://example.com?q="}}},
		{name: "fragment needs a path", text: "http://foo.com#x", want: []wantURL{{0, "http://foo.com"}}},
		{name: "fragment in path", text: "foo.com/#x", want: []wantURL{{0, "foo.com/#x"}}},
		{name: "port dropped without path", text: "foo.com:80", want: []wantURL{{0, "foo.com"}}},
		{name: "query dropped without path", text: "foo.com?a=1", want: []wantURL{{0, "foo.com"}}},
		{name: "port kept with path", text: "foo.com:80/x", want: []wantURL{{0, "foo.com:80/x"}}},
		{name: "preceding letter", text: "ahttp://example.com", want: []wantURL{}},
		{name: "preceding at", text: "user@example.com", want: []wantURL{}},
		{name: "preceding hash", text: "#example.com", want: []wantURL{}},
		{name: "preceding dollar", text: "$example.com", want: []wantURL{}},
		{name: "preceding fullwidth at", text: "＠example.com", want: []wantURL{{1, "example.com"}}},
		{name: "preceding fullwidth letter", text: "ａexample.com", want: []wantURL{{1, "example.com"}}},
		{name: "preceding BOM", text: "\uFEFFexample.com", want: []wantURL{}},
		{name: "preceding hyphen", text: "-example.com", want: []wantURL{}},
		{name: "preceding period", text: ".example.com", want: []wantURL{}},
		{name: "preceding slash", text: "/example.com", want: []wantURL{}},
		{name: "preceding underscore", text: "_example.com", want: []wantURL{}},
		{name: "subdomain", text: "a.example.com", want: []wantURL{{0, "a.example.com"}}},
		{name: "first unit eaten", text: "éxample.com", want: []wantURL{{1, "xample.com"}}},
		{name: "first CJK eaten", text: "日本example.com/path", want: []wantURL{{2, "example.com/path"}}},
		{name: "TLD followed by underscore", text: "example.com_", want: []wantURL{{0, "example.com"}}},
		{name: "TLD followed by hyphen", text: "example.com-", want: []wantURL{}},
		{name: "TLD followed by letter", text: "example.comx", want: []wantURL{}},
		{name: "TLD followed by digit", text: "example.com1", want: []wantURL{}},
		{name: "TLD followed by CJK", text: "example.com日本", want: []wantURL{{0, "example.com"}}},
		{name: "two ASCII domains", text: "example.com日本example.org", want: []wantURL{{0, "example.com"}, {13, "example.org"}}},
		{name: "span longer than text", text: "example.com日本.com/path", want: []wantURL{{0, "example.com/path"}}},
		{name: "indexOf finds an earlier copy", text: "b.comx日b.com/p", want: []wantURL{{0, "b.com/p"}}},
		{name: "Latin accent", text: "müller.de", want: []wantURL{{0, "müller.de"}}},
		{name: "Cyrillic scheme-less", text: "пример.рф", want: []wantURL{}},
		{name: "CJK label scheme-less", text: "例え.com", want: []wantURL{}},
		{name: "underscore sub-label", text: "a_b.example.com", want: []wantURL{{2, "b.example.com"}}},
		{name: "underscore with scheme", text: "http://a_b.example.com", want: []wantURL{{0, "http://a_b.example.com"}}},
		{name: "underscore in last label", text: "http://a.b_c.com", want: []wantURL{}},
		{name: "IDN with scheme", text: "http://пример.рф", want: []wantURL{{0, "http://пример.рф"}}},
		{name: "IDN TLD", text: "http://foobar.みんな/", want: []wantURL{{0, "http://foobar.みんな/"}}},
		{name: "IDN TLD scheme-less", text: "example.みんな", want: []wantURL{{0, "example.みんな"}}},
		{name: "emoji host", text: "http://😀.com", want: []wantURL{{0, "http://😀.com"}}},
		{name: "TLD case", text: "example.РФ", want: []wantURL{{0, "example.РФ"}}},
		{name: "long s is not s", text: "example.ſ", want: []wantURL{}},
		{name: "fullwidth TLD", text: "example.ＣＯＭ", want: []wantURL{}},
		{name: "unknown TLDs", text: "example.local www.example http://localhost:3000 http://192.168.0.1/", want: []wantURL{}},
		{name: "generic before country", text: "example.co.uk/x", want: []wantURL{{0, "example.co.uk/x"}}},
		{name: "punycode TLD", text: "http://example.xn--p1ai/x", want: []wantURL{{0, "http://example.xn--p1ai/x"}}},
		{name: "punycode TLD any case", text: "http://example.XN--P1AI-x", want: []wantURL{{0, "http://example.XN--P1AI-x"}}},
		{name: "xn-- domain without ASCII domain", text: "xn--日本.com", want: []wantURL{}},
		{name: "xn-- domain with ASCII domain", text: "xn--abc.com", want: []wantURL{{0, "xn--abc.com"}}},
		{name: "XN-- upper case", text: "XN--日本.com", want: []wantURL{}},
		{name: "split surrogate after dollar", text: "$😀.mail.net", want: []wantURL{{4, "mail.net"}}},
		{name: "split surrogate after hash", text: "#😀example.com", want: []wantURL{{3, "example.com"}}},
		{name: "directional isolates", text: "\u2066\u202Ahttp://foobar.پاکستان/\u202C\u2069", want: []wantURL{{2, "http://foobar.پاکستان/"}}},
		{name: "mark before", text: "\u200Eexample.com", want: []wantURL{{1, "example.com"}}},
		{name: "ZWSP is a domain character", text: "\u200Bexample.com", want: []wantURL{{1, "example.com"}}},
		{name: "CJK around", text: "日本語example.com日本語", want: []wantURL{{3, "example.com"}}},
		{name: "CJK around with scheme", text: "日本語http://example.com日本語", want: []wantURL{{3, "http://example.com"}}},
		{name: "ton of trailing periods", text: "http://example.com/" + strings.Repeat(".", 1000) + "x", want: []wantURL{{0, "http://example.com/" + strings.Repeat(".", 1000) + "x"}}},
		{name: "ton of trailing periods at the end", text: "http://example.com/path" + strings.Repeat(".", 1000), want: []wantURL{{0, "http://example.com/path"}}},
		{name: "dots between labels", text: "a" + strings.Repeat(".", 500) + "com b.com", want: []wantURL{{505, "b.com"}}},
		{name: "many labels", text: "a.com.b.com.c.com", want: []wantURL{{0, "a.com.b.com.c.com"}}},
		{name: "underscored labels", text: "x_a.com.x_a.com.x_a.com", want: []wantURL{}},
		{name: "several URLs", text: "a.com, http://b.org/x and https://t.co/y?z", want: []wantURL{{0, "a.com"}, {7, "http://b.org/x"}, {26, "https://t.co/y?z"}}},
		{name: "Greek TLD", text: "http://example.ελ", want: []wantURL{{0, "http://example.ελ"}}},
		{name: "Greek TLD lunate epsilon", text: "http://example.ϵλ", want: []wantURL{{0, "http://example.ϵλ"}}},
		{name: "Georgian TLD", text: "http://example.გე", want: []wantURL{{0, "http://example.გე"}}},
		{name: "longer IDN TLD first", text: "http://a.嘉里大酒店", want: []wantURL{{0, "http://a.嘉里大酒店"}}},
		{name: "IDN TLD prefix", text: "http://a.嘉里x", want: []wantURL{}},
		{name: "Latin-accent closure in path", text: "http://a.com/ɵ", want: []wantURL{{0, "http://a.com/ɵ"}}},
		{name: "iota in path", text: "http://a.com/xι", want: []wantURL{{0, "http://a.com/xι"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want := []entity{}
			for _, w := range tt.want {
				want = append(want, entity{start: w.start, length: len(utf16.Encode([]rune(w.url)))})
			}
			got := append([]entity{}, urlEntities(t, tt.text)...)
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(entity{})); diff != "" {
				t.Errorf("appendURLs(%q) differs (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

// TestAppendURLsKeepsDst checks that entities are appended after what dst
// already holds.
func TestAppendURLsKeepsDst(t *testing.T) {
	t.Parallel()
	dst := []entity{{start: 7, length: 1}}
	got := appendURLs(dst, utf16.Encode([]rune("x.com y.org")))
	want := []entity{{7, 1}, {0, 5}, {6, 5}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(entity{})); diff != "" {
		t.Errorf("appendURLs differs (-want +got):\n%s", diff)
	}
}

// TestAppendURLsTLDSample checks a sample of TLDs from both lists, in the
// cases the reference's case-insensitive matching accepts.
func TestAppendURLsTLDSample(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		tld  string
		ok   bool
	}{
		{name: "com", tld: "com", ok: true},
		{name: "COM", tld: "COM", ok: true},
		{name: "first generic", tld: "삼성", ok: true},
		{name: "onion, the last generic", tld: "onion", ok: true},
		{name: "xn--p1ai", tld: "xn--p1ai", ok: true},
		{name: "first country", tld: "한국", ok: true},
		{name: "last country", tld: "ac", ok: true},
		{name: "retired an", tld: "an", ok: true},
		{name: "рф", tld: "рф", ok: true},
		{name: "РФ", tld: "РФ", ok: true},
		{name: "Cyrillic rounded de matches д", tld: "\u1C81ети", ok: true},
		{name: "бел", tld: "бел", ok: true},
		{name: "հայ", tld: "հայ", ok: true},
		{name: "Mtavruli გე", tld: "ᲒᲔ", ok: true},
		{name: "भारतम्", tld: "भारतम्", ok: true},
		{name: "local", tld: "local", ok: false},
		{name: "example", tld: "example", ok: false},
		{name: "fullwidth", tld: "ｃｏｍ", ok: false},
		{name: "Kelvin sign", tld: "\u212Aim", ok: false},
		{name: "dotless i", tld: "bız", ok: false},
		{name: "long s", tld: "ſhop", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			text := "http://example." + tt.tld
			got := urlEntities(t, text)
			if ok := len(got) == 1 && got[0] == (entity{0, len(utf16.Encode([]rune(text)))}); ok != tt.ok {
				t.Errorf("appendURLs(%q) = %v, want a URL: %v", text, got, tt.ok)
			}
		})
	}
}

// TestLabelsFit checks the Punycode lengths against known encodings.
func TestLabelsFit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		part string
		want int
	}{
		{name: "ASCII", part: "example", want: 7},
		{name: "ASCII with a control character", part: "a\x01", want: len("xn--a\x01-")},
		{name: "münchen", part: "münchen", want: len("xn--mnchen-3ya")},
		{name: "日本", part: "日本", want: len("xn--wgv71a")},
		{name: "中国", part: "中国", want: len("xn--fiqs8s")},
		{name: "пример", part: "пример", want: len("xn--e1afmkfd")},
		{name: "emoji", part: "😀", want: len("xn--e28h")},
		{name: "52 hiragana", part: sized("あいうえおかきくけこ", 52), want: 63},
		{name: "53 hiragana", part: sized("あいうえおかきくけこ", 53), want: 64},
		{name: "one hiragana 53 times", part: strings.Repeat("あ", 53), want: len("xn--l8jaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")},
		{name: "RFC 3492 Arabic sample", part: "\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F", want: len("xn--egbpdaj6bu4bxfgehfvwxn")},
		{name: "RFC 3492 Japanese sample", part: "3\u5E74B\u7D44\u91D1\u516B\u5148\u751F", want: len("xn--3B-ww4c5e180e575a65lsy2b")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := encodedLen(utf16.Encode([]rune(tt.part))); got != tt.want {
				t.Errorf("encodedLen(%q) = %d, want %d", tt.part, got, tt.want)
			}
			fits := labelsFit(utf16.Encode([]rune(tt.part)))
			if want := tt.want <= maxLabelLength; fits != want {
				t.Errorf("labelsFit(%q) = %v, want %v", tt.part, fits, want)
			}
		})
	}
}

// TestIndexOf checks the search the ASCII-domain split uses to place its
// entities.
func TestIndexOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, hay, needle string
		want              int
	}{
		{name: "start", hay: "b.com日b.com", needle: "b.com", want: 0},
		{name: "later", hay: "xb.co日b.com", needle: "b.com", want: 6},
		{name: "absent", hay: "abc", needle: "abd", want: -1},
		{name: "too long", hay: "ab", needle: "abc", want: -1},
		{name: "empty needle", hay: "ab", needle: "", want: 0},
		{name: "periodic", hay: strings.Repeat("a", 100) + "b", needle: strings.Repeat("a", 10) + "b", want: 90},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := indexOf(utf16.Encode([]rune(tt.hay)), utf16.Encode([]rune(tt.needle))); got != tt.want {
				t.Errorf("indexOf(%q, %q) = %d, want %d", tt.hay, tt.needle, got, tt.want)
			}
		})
	}
}

// TestAppendURLsNoAllocs checks that a text without a URL costs no
// allocation when dst has room.
func TestAppendURLsNoAllocs(t *testing.T) {
	s := utf16.Encode([]rune("Just a short post, no links. Done... (really) — 日本語 😀"))
	dst := make([]entity, 0, 8)
	if n := testing.AllocsPerRun(100, func() { dst = appendURLs(dst[:0], s) }); n != 0 {
		t.Errorf("appendURLs allocates %v times per call, want 0", n)
	}
	s = utf16.Encode([]rune("see https://example.com/a and x.org"))
	if n := testing.AllocsPerRun(100, func() { dst = appendURLs(dst[:0], s) }); n != 0 {
		t.Errorf("appendURLs with room for its URLs allocates %v times per call, want 0", n)
	}
}

var benchSink []entity

func benchmarkURLs(b *testing.B, text string) {
	s := utf16.Encode([]rune(text))
	dst := make([]entity, 0, 64)
	b.SetBytes(int64(2 * len(s)))
	b.ReportAllocs()
	for b.Loop() {
		dst = appendURLs(dst[:0], s)
	}
	benchSink = dst
}

// sized repeats pattern until the text is n UTF-16 units long; pattern
// holds only BMP characters.
func sized(pattern string, n int) string {
	r := []rune(pattern)
	out := make([]rune, n)
	for i := range out {
		out[i] = r[i%len(r)]
	}
	return string(out)
}

const benchPost = "Shipping the new release today: https://example.com/releases/v2.0?utm_source=x " +
	"— notes at docs.example.org/changes, thanks to everyone (especially @someone) who helped! " +
	"日本語のテキストも少し。 #release $XPST "

func BenchmarkAppendURLs(b *testing.B) {
	long := sized(benchPost, 25000)
	benches := []struct{ name, text string }{
		{"short/no URL", "Good morning, everyone. Coffee first."},
		{"short/URL", "Read this: https://example.com/a/b?c=d"},
		{"280", sized(benchPost, 280)},
		{"25000", long},
		{"25000/no URL", sized("Plain words and punctuation, even dots... but no links here! ", 25000)},
		{"adversarial/periods 280", "http://example.com/" + strings.Repeat(".", 261)},
		{"adversarial/periods 25000", "http://example.com/" + strings.Repeat(".", 24981)},
		{"adversarial/dots 280", strings.Repeat(".", 280)},
		{"adversarial/dots 25000", strings.Repeat(".", 25000)},
		{"adversarial/dashes 25000", sized("a-", 25000)},
		{"adversarial/labels 280", sized("a.", 280)},
		{"adversarial/labels 25000", sized("a.", 25000)},
		{"adversarial/underscored labels 25000", sized("x_a.com.", 25000)},
		{"adversarial/long label 25000", strings.Repeat("a", 24996) + ".com"},
		{"adversarial/parentheses 25000", "a.com/" + sized("(a", 24994)},
		{"adversarial/nested parentheses 25000", sized("a.co/(b(c)", 25000)},
		{"adversarial/query 25000", "a.com/?" + sized("!.", 24993)},
		{"adversarial/ASCII domains 25000", sized("a.comx日", 25000)},
		{"adversarial/CJK labels 25000", sized("日本.", 25000)},
	}
	for _, bb := range benches {
		b.Run(bb.name, func(b *testing.B) { benchmarkURLs(b, bb.text) })
	}
}

// TestRunUnitTable checks the table behind isRunUnit against its
// definition: a domain character, '-' or '_'.
func TestRunUnitTable(t *testing.T) {
	t.Parallel()
	for u := range 0x10000 {
		want := isDC(uint16(u)) || u == '-' || u == '_'
		if got := isRunUnit(uint16(u)); got != want {
			t.Fatalf("isRunUnit(%#x) = %v, want %v", u, got, want)
		}
	}
}
