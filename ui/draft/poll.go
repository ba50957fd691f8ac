package draft

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xpostdev/xpost/xapi/rules"
)

// maxPollLength bounds what ParsePollDuration reads, far above any real
// poll, so that no sum can overflow; X's own bound, 7 days, is Validate's
// to check, whatever the unit it is written in (7d, 168h, 10080m).
const maxPollLength = 10_000 * 24 * time.Hour

// ParsePollDuration reads a poll length as thread files and prompts write
// it: a whole number with a unit m, h or d ("90m", "24h", "3d"), or several
// of them ("1d12h"). It does not check X's 5-minute to 7-day range; that is
// Validate's job, with a message that says what to do.
func ParsePollDuration(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, fmt.Errorf("no poll length given: write one like 90m, 24h or 3d")
	}
	var total time.Duration
	for rest := s; rest != ""; {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, fmt.Errorf("%q is not a poll length: write one like 90m, 24h or 3d", s)
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil {
			return 0, fmt.Errorf("%q is far too long for a poll: polls run from 5 minutes to 7 days", s)
		}
		var unit time.Duration
		switch rest[i] {
		case 'm':
			unit = time.Minute
		case 'h':
			unit = time.Hour
		case 'd':
			unit = 24 * time.Hour
		default:
			return 0, fmt.Errorf("%q is not a poll length: use m, h or d, as in 90m, 24h or 3d", s)
		}
		if n > int(maxPollLength/unit) {
			return 0, fmt.Errorf("%q is far too long for a poll: polls run from 5 minutes to 7 days", s)
		}
		total += time.Duration(n) * unit
		if total > maxPollLength {
			return 0, fmt.Errorf("%q is far too long for a poll: polls run from 5 minutes to 7 days", s)
		}
		rest = rest[i+1:]
	}
	return total, nil
}

// FormatPollDuration writes d the way ParsePollDuration reads it, with the
// largest units first ("3d", "1d12h", "90m" becomes "1h30m"); see
// rules.FormatPollDuration, whose words the problems use too.
func FormatPollDuration(d time.Duration) string { return rules.FormatPollDuration(d) }
