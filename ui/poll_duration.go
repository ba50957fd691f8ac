package ui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xpostdev/xpost/internal/human"
	"github.com/xpostdev/xpost/ui/draft"
)

// pollPresets are the durations offered before free entry.
var pollPresets = []time.Duration{
	5 * time.Minute,
	time.Hour,
	24 * time.Hour,
	3 * 24 * time.Hour,
	7 * 24 * time.Hour,
}

// parsePollDuration reads a poll length as thread files write it ("90m",
// "24h", "3d", "1d12h") and checks X's range of 5 minutes to 7 days.
func parsePollDuration(s string) (time.Duration, error) {
	d, err := draft.ParsePollDuration(s)
	if err != nil {
		return 0, err
	}
	if d < draft.MinPollDuration || d > draft.MaxPollDuration {
		return 0, fmt.Errorf("%s is out of range: polls run from 5 minutes to 7 days", draft.FormatPollDuration(d))
	}
	return d, nil
}

// formatPollDuration writes d as parsePollDuration reads it.
func formatPollDuration(d time.Duration) string { return draft.FormatPollDuration(d) }

// pollOptionError says what is wrong with one poll option, or nil. X counts
// an option's length in characters, after trimming.
func pollOptionError(s string) error {
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	switch {
	case n == 0:
		return fmt.Errorf("empty: type the option or remove it")
	case n > draft.MaxPollOption:
		return fmt.Errorf("%s over the limit of %d: shorten it", human.Count(n-draft.MaxPollOption, "character", "characters"), draft.MaxPollOption)
	}
	return nil
}
