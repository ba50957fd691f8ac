// Package human writes numbers as people read them in xpost's messages:
// sizes in bytes and counts of things.
//
// It is the one place these are worded, so that a size in one message
// never contradicts a limit in the same message or in another. It is not
// for numbers a program reads back (JSON output keeps raw integers).
package human

import (
	"strconv"
	"strings"
	"time"
)

// Size writes n bytes in binary units, the way X states its media caps: a
// megabyte is 1,048,576 bytes, so X's 5 MB image cap (5,242,880 bytes)
// reads "5 MB". Whole units are written bare ("16 MB", "640 KB"); others
// to a tenth, rounded up, so that a size over a whole-unit limit never
// reads as the limit ("5 MB + 1 byte" reads "5.1 MB"). Below a kilobyte it
// counts bytes.
func Size(n int64) string {
	const kb, mb = 1 << 10, 1 << 20
	switch {
	case n >= mb:
		return units(n, mb, "MB")
	case n >= kb:
		return units(n, kb, "KB")
	}
	return Count(int(n), "byte", "bytes")
}

// units writes n in units of unit bytes, bare when whole, else to a tenth
// rounded up.
func units(n, unit int64, name string) string {
	if n%unit == 0 {
		return strconv.FormatInt(n/unit, 10) + " " + name
	}
	tenths := (n*10 + unit - 1) / unit
	return strconv.FormatInt(tenths/10, 10) + "." + strconv.FormatInt(tenths%10, 10) + " " + name
}

// Count writes n, with a comma between groups of three digits, and the
// noun that fits it: Count(1, "reply", "replies") is "1 reply",
// Count(1234, "vote", "votes") "1,234 votes".
func Count(n int, one, many string) string {
	return Number(n) + " " + Plural(n, one, many)
}

// Number writes n with a comma between groups of three digits: "1,234".
func Number(n int) string {
	s := strconv.Itoa(n)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Plural is the noun that fits n: one for exactly 1, many otherwise
// (including 0, as in "0 posts").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Share writes k of n with the noun that fits n and the verb that fits k:
// Share(1, 5, "post", "posts") is "1 of 5 posts is", Share(2, 5, …) "2 of
// 5 posts are", since the verb agrees with the part, not the whole.
func Share(k, n int, one, many string) string {
	return Number(k) + " of " + Count(n, one, many) + " " + Plural(k, "is", "are")
}

// Short writes d in its largest whole unit, as feeds do: "5m", "3h",
// "2d". Less than a minute is "0m"; callers word that case themselves.
func Short(d time.Duration) string {
	switch {
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 24*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d"
}

// Duration spells d out in days, hours and minutes, largest first:
// "1 day 12 hours", "90 minutes" reads "1 hour 30 minutes". Seconds are
// dropped; under a minute is "".
func Duration(d time.Duration) string {
	var parts []string
	for _, u := range []struct {
		size      time.Duration
		one, many string
	}{{24 * time.Hour, "day", "days"}, {time.Hour, "hour", "hours"}, {time.Minute, "minute", "minutes"}} {
		if n := int(d / u.size); n > 0 {
			parts = append(parts, Count(n, u.one, u.many))
			d %= u.size
		}
	}
	return strings.Join(parts, " ")
}

// And joins words as a sentence lists them: "a", "a and b", "a, b and
// c"; "" for none.
func And(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
