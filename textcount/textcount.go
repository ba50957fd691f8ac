// Package textcount computes the weighted length of a post exactly as X does:
// twitter-text v3's parseTweet (URLs weigh 23, each emoji sequence weighs 2,
// CJK and other heavy scripts weigh 2, text is NFC-normalized first), with the
// current Twemoji sequence set.
//
// It is pure computation: no I/O, no global state beyond tables (generated
// into the source, so that the package initialises nothing) and a pool of
// scratch buffers, and safe for concurrent use. It is not a general URL or emoji
// extraction library; it finds URLs and emoji only as far as counting needs
// them.
//
// Offsets in Result are those of the reference, in UTF-16 code units (see
// docs/counting.md, which sets out the whole algorithm and its sources);
// Result.ValidBytes is the one to use for slicing a Go string.
package textcount

// WeightRange gives the code points from Start to End (inclusive) a weight.
type WeightRange struct {
	Start  rune `json:"start"`
	End    rune `json:"end"`
	Weight int  `json:"weight"`
}

// Config mirrors twitter-text's configuration object. The limit is data: a
// Premium account uses the same rules with a larger MaxWeightedTweetLength
// (PremiumConfig, or DefaultConfig.WithMax). The zero Config means
// DefaultConfig; any other value is used as it is, never merged with the
// defaults.
type Config struct {
	MaxWeightedTweetLength int           `json:"maxWeightedTweetLength"`
	Scale                  int           `json:"scale"`
	DefaultWeight          int           `json:"defaultWeight"`
	EmojiParsingEnabled    bool          `json:"emojiParsingEnabled"`
	TransformedURLLength   int           `json:"transformedURLLength"`
	Ranges                 []WeightRange `json:"ranges"`
}

// Result is twitter-text's parseTweet result, plus the byte offset a UI needs
// to highlight the part of the text that does not fit.
//
// Ranges are inclusive UTF-16 code-unit offsets, as the reference reports
// them (ValidRangeEnd reproduces the reference's normalization offset, which
// can even make it negative); ValidBytes is the correct position in the
// original string and is what a UI should use.
type Result struct {
	WeightedLength    int  `json:"weightedLength"`
	Valid             bool `json:"valid"`
	Permillage        int  `json:"permillage"`
	ValidRangeStart   int  `json:"validRangeStart"`
	ValidRangeEnd     int  `json:"validRangeEnd"`
	DisplayRangeStart int  `json:"displayRangeStart"`
	DisplayRangeEnd   int  `json:"displayRangeEnd"`

	// ValidBytes is the length in bytes of the longest prefix of the
	// original text that fits the limit and holds no invalid character, as
	// the count of the whole text sees it; text[ValidBytes:] is the
	// overflow, and it is len(text) exactly when Valid is true or the
	// text is empty.
	//
	// Precisely: the scan marks the end k of the last unit (character,
	// URL or emoji sequence) that still fits in the NFC text. Normalization
	// rewrites the text segment by segment; a segment it leaves unchanged
	// maps position by position, a changed one (for example "e" + U+0301,
	// which becomes "é") maps only at its ends. ValidBytes is the largest
	// offset b whose normalized prefix NFC(text[:b]) is the first k' <= k
	// units of the NFC text, with k' also a unit boundary. So the cut
	// never splits a URL, an emoji sequence, a UTF-8 sequence or a
	// changed segment, and it moves back rather than forward. Invalid
	// UTF-8 bytes count as U+FFFD, one byte each.
	//
	// text[:ValidBytes] counted on its own can differ from its share of
	// the whole: URL detection depends on what follows (an over-long t.co
	// link is no URL, its first characters alone are one).
	ValidBytes int `json:"-"`
}
