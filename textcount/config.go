package textcount

// DefaultConfig is twitter-text's v3 configuration, the one X uses for a
// standard account: a limit of 280, URLs weigh 23, each emoji sequence
// weighs 2, and code points outside the light ranges weigh 2.
var DefaultConfig = Config{
	MaxWeightedTweetLength: 280,
	Scale:                  100,
	DefaultWeight:          200,
	EmojiParsingEnabled:    true,
	TransformedURLLength:   23,
	Ranges:                 []WeightRange{{0, 4351, 100}, {8192, 8205, 100}, {8208, 8223, 100}, {8242, 8247, 100}},
}

// PremiumConfig is DefaultConfig with the 25,000-character limit of a
// Premium account: the weights are the same, only the limit changes. It is
// written out rather than derived with WithMax so that it is static data.
var PremiumConfig = Config{
	MaxWeightedTweetLength: 25000,
	Scale:                  100,
	DefaultWeight:          200,
	EmojiParsingEnabled:    true,
	TransformedURLLength:   23,
	Ranges:                 []WeightRange{{0, 4351, 100}, {8192, 8205, 100}, {8208, 8223, 100}, {8242, 8247, 100}},
}

// ConfigV2 is twitter-text's v2 configuration: v3 without emoji parsing, so
// an emoji sequence counts code point by code point. It exists for the
// conformance suite, which still checks v2 answers.
var ConfigV2 = Config{
	MaxWeightedTweetLength: 280,
	Scale:                  100,
	DefaultWeight:          200,
	EmojiParsingEnabled:    false,
	TransformedURLLength:   23,
	Ranges:                 []WeightRange{{0, 4351, 100}, {8192, 8205, 100}, {8208, 8223, 100}, {8242, 8247, 100}},
}

// ConfigV1 is twitter-text's v1 configuration (140 characters, every code
// point weighs 1), kept for the conformance suite's isValidTweetText cases.
var ConfigV1 = Config{
	MaxWeightedTweetLength: 140,
	Scale:                  1,
	DefaultWeight:          1,
	EmojiParsingEnabled:    false,
	TransformedURLLength:   23,
}

// WithMax returns a copy of c with the limit set to n weighted characters;
// the weights stay those of c. Use it for accounts with a larger limit
// instead of building a Config field by field, which would lose the
// defaults (a non-empty Config is never merged with them).
func (c Config) WithMax(n int) Config {
	c.MaxWeightedTweetLength = n
	c.Ranges = append([]WeightRange(nil), c.Ranges...)
	return c
}

// isZero reports whether c is the empty configuration, which means the
// defaults, as an empty options object does in twitter-text.
func (c *Config) isZero() bool {
	return c.MaxWeightedTweetLength == 0 && c.Scale == 0 && c.DefaultWeight == 0 &&
		!c.EmojiParsingEnabled && c.TransformedURLLength == 0 && len(c.Ranges) == 0
}

// hasV3Ranges reports whether c weighs ordinary characters exactly as v3
// does, which lets the scan use a branch-only weight function and skip the
// single-code-point emoji lookups (every single-code-point emoji lies outside
// the v3 light ranges, so it weighs DefaultWeight either way).
func (c *Config) hasV3Ranges() bool {
	if len(c.Ranges) != 4 {
		return false
	}
	r := c.Ranges
	return r[0] == WeightRange{0, 4351, 100} && r[1] == WeightRange{8192, 8205, 100} &&
		r[2] == WeightRange{8208, 8223, 100} && r[3] == WeightRange{8242, 8247, 100}
}

// v3Weight is the weight of one UTF-16 code unit under the v3 ranges.
func v3Weight(u uint16, defaultWeight int) int {
	if v3Light(u) {
		return 100
	}
	return defaultWeight
}

// v3Light reports whether unit u lies in a v3 range (weight 100).
func v3Light(u uint16) bool {
	return u <= 0x10FF || u-0x2000 < 64 && v3Light2000>>(u-0x2000)&1 != 0
}

// v3Light2000 has bit k set when U+2000+k lies in a v3 range: U+2000–U+200D,
// U+2010–U+201F and U+2032–U+2037.
const v3Light2000 uint64 = 1<<0x0E - 1 | (1<<0x10-1)<<0x10 | (1<<6-1)<<0x32

// weight is the weight of one UTF-16 code unit: that of the first range
// holding the unit's value, else DefaultWeight. Like the reference, it looks
// at a code unit, so for a supplementary character it sees the low surrogate.
func (c *Config) weight(u uint16) int {
	v := rune(u)
	for _, r := range c.Ranges {
		if v >= r.Start && v <= r.End {
			return r.Weight
		}
	}
	return c.DefaultWeight
}
