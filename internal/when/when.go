// Package when reads the times a person types to schedule a post:
// absolute local times ("2026-12-24 09:00", "09:00", "fri 18:30",
// "tomorrow 9am"), RFC 3339 timestamps for scripts
// ("2026-12-24T09:00:00Z") and times relative to now ("+2h", "+90m",
// "now").
//
// The clock and the time zone are the caller's, so every answer can be
// tested; the answer is always an absolute instant, which the caller
// echoes back (see [Format]) before acting on it. A local time that the
// zone skips (clocks going forward) is refused with the reason; one that
// happens twice (clocks going back) resolves to the first and says so.
//
// It is not a general date parser: no month names, no "next week", no
// guessing of day-month order.
package when

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Result is a parsed time.
type Result struct {
	// Time is the instant, in the location it was read in.
	Time time.Time
	// Note is set when the answer needs a word of explanation: a local
	// time that happens twice on that day.
	Note string
}

// Error is input that names no time; its message says what is accepted.
type Error struct {
	Input  string
	Reason string
}

func (e *Error) Error() string {
	return fmt.Sprintf("cannot read %q as a time: %s", e.Input, e.Reason)
}

// Accepted lists the forms Parse reads, for help texts and errors.
const Accepted = `"2026-12-24 09:00", "09:00" (the next 09:00), "fri 18:30", "tomorrow 9am", "+2h", "+90m", "now", or RFC 3339 such as 2026-12-24T09:00:00Z`

// maxInput bounds what is read: the longest accepted form is far shorter.
const maxInput = 64

// maxAhead is how far ahead a relative time may reach; anything further is
// a typo, not a plan.
const maxAhead = 10 * 366 * 24 * time.Hour

// Parse reads s as a time, with now as the present and loc as the zone of
// local forms (RFC 3339 carries its own offset; the result is shown in
// loc all the same).
func Parse(s string, now time.Time, loc *time.Location) (Result, error) {
	if loc == nil {
		loc = time.Local
	}
	now = now.In(loc)
	in := strings.TrimSpace(s)
	bad := func(reason string) (Result, error) { return Result{}, &Error{Input: s, Reason: reason} }
	if in == "" {
		return bad("it is empty; give one of " + Accepted)
	}
	if len(in) > maxInput {
		return bad("it is too long; give one of " + Accepted)
	}
	lower := strings.ToLower(in)
	if lower == "now" {
		return Result{Time: now}, nil
	}
	if rest, ok := strings.CutPrefix(lower, "+"); ok {
		d, err := parseDuration(rest)
		if err != nil {
			return bad(err.Error())
		}
		return Result{Time: now.Add(d)}, nil
	}
	if t, ok := parseRFC3339(in); ok {
		return Result{Time: t.In(loc)}, nil
	}
	if len(lower) > 10 && lower[10] == 't' {
		// A timestamp without an offset: a local date and time.
		lower = lower[:10] + " " + lower[11:]
	}
	fields := joinMeridiem(strings.Fields(lower))
	var dayWord string
	var timeWord string
	switch len(fields) {
	case 1:
		timeWord = fields[0]
		if _, ok := parseDate(timeWord); ok {
			return bad("a date needs a time of day too, as in \"" + timeWord + " 09:00\"")
		}
	case 2:
		dayWord, timeWord = fields[0], fields[1]
	default:
		return bad("give one of " + Accepted)
	}
	c, err := parseClock(timeWord)
	if err != nil {
		return bad(err.Error())
	}
	today := civil{now.Year(), now.Month(), now.Day()}
	switch {
	case dayWord == "":
		// The next such time: today if it is still ahead, else tomorrow.
		r, err := resolve(today, c, loc)
		if err == nil && r.Time.After(now) {
			return r, nil
		}
		return resolveOrBad(s, today.add(1), c, loc)
	case dayWord == "today":
		return resolveOrBad(s, today, c, loc)
	case dayWord == "tomorrow":
		return resolveOrBad(s, today.add(1), c, loc)
	}
	if wd, ok := weekday(dayWord); ok {
		// The next such weekday and time: today if it is that day and the
		// time is still ahead, else within the week to come.
		n := (int(wd) - int(now.Weekday()) + 7) % 7
		if n == 0 {
			r, err := resolve(today, c, loc)
			if err == nil && r.Time.After(now) {
				return r, nil
			}
			n = 7
		}
		return resolveOrBad(s, today.add(n), c, loc)
	}
	if d, ok := parseDate(dayWord); ok {
		return resolveOrBad(s, d, c, loc)
	}
	return bad(fmt.Sprintf("%q is not a day: give a date (2026-12-24), today, tomorrow or a weekday (mon … sun)", dayWord))
}

func resolveOrBad(input string, d civil, c clock, loc *time.Location) (Result, error) {
	r, err := resolve(d, c, loc)
	if err != nil {
		return Result{}, &Error{Input: input, Reason: err.Error()}
	}
	return r, nil
}

// civil is a calendar day.
type civil struct {
	y int
	m time.Month
	d int
}

func (c civil) add(days int) civil {
	t := time.Date(c.y, c.m, c.d+days, 12, 0, 0, 0, time.UTC)
	return civil{t.Year(), t.Month(), t.Day()}
}

// clock is a time of day.
type clock struct{ h, m, s int }

// resolve finds the instant at which the wall clocks of loc show day d at
// time c. Around a change of offset there may be none (clocks go forward
// over it) or two (they go back over it).
func resolve(d civil, c clock, loc *time.Location) (Result, error) {
	wall := time.Date(d.y, d.m, d.d, c.h, c.m, c.s, 0, time.UTC)
	// The offsets in force within a day either side are the only ones that
	// can give this wall time.
	var found []time.Time
	for _, probe := range []time.Duration{-36 * time.Hour, 0, 36 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		t := wall.Add(-time.Duration(off) * time.Second).In(loc)
		if sameWall(t, wall) && !containsInstant(found, t) {
			found = append(found, t)
		}
	}
	// Offsets that change more than once in three days are not known to
	// exist; one more probe per hour would find them, should they appear.
	switch len(found) {
	case 0:
		early, late := wall.Add(-36*time.Hour).In(loc), wall.Add(36*time.Hour).In(loc)
		_, off1 := early.Zone()
		_, off2 := late.Zone()
		return Result{}, fmt.Errorf("%s does not exist on %s in %s: the clocks go forward %s that night (%s to %s); choose another time",
			c.String(), d.String(), zoneName(loc), time.Duration(off2-off1)*time.Second, early.Format("MST"), late.Format("MST"))
	case 1:
		return Result{Time: found[0]}, nil
	}
	first, second := found[0], found[1]
	if second.Before(first) {
		first, second = second, first
	}
	note := fmt.Sprintf("%s happens twice on %s in %s: this is the first (%s); for the second give %s",
		c.String(), d.String(), zoneName(loc), first.Format("MST, -07:00"), second.Format(time.RFC3339))
	return Result{Time: first, Note: note}, nil
}

func sameWall(t, wall time.Time) bool {
	y, m, d := t.Date()
	wy, wm, wd := wall.Date()
	return y == wy && m == wm && d == wd && t.Hour() == wall.Hour() && t.Minute() == wall.Minute() && t.Second() == wall.Second()
}

func containsInstant(ts []time.Time, t time.Time) bool {
	for _, u := range ts {
		if u.Equal(t) {
			return true
		}
	}
	return false
}

func (c clock) String() string {
	if c.s != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", c.h, c.m, c.s)
	}
	return fmt.Sprintf("%02d:%02d", c.h, c.m)
}

func (c civil) String() string { return fmt.Sprintf("%04d-%02d-%02d", c.y, int(c.m), c.d) }

// zoneName is how loc is named in messages: its IANA name, or "local
// time" for a zone without one.
func zoneName(loc *time.Location) string {
	if n := loc.String(); n != "" && n != "Local" {
		return n
	}
	return "local time"
}

// joinMeridiem makes "9 am" one field, "9am".
func joinMeridiem(fs []string) []string {
	var out []string
	for _, f := range fs {
		if (f == "am" || f == "pm") && len(out) > 0 {
			out[len(out)-1] += f
			continue
		}
		out = append(out, f)
	}
	return out
}

// parseClock reads "09:00", "9:00:30", "21:30", "9am", "9:30pm", "12am".
func parseClock(s string) (clock, error) {
	bad := fmt.Errorf("%q is not a time of day: write 09:00, 18:30 or 9am", s)
	meridiem := ""
	if r, ok := strings.CutSuffix(s, "am"); ok {
		s, meridiem = r, "am"
	} else if r, ok := strings.CutSuffix(s, "pm"); ok {
		s, meridiem = r, "pm"
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 || (meridiem == "" && len(parts) < 2) {
		return clock{}, bad
	}
	var n [3]int
	for i, p := range parts {
		if len(p) == 0 || len(p) > 2 || (i > 0 && len(p) != 2) {
			return clock{}, bad
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return clock{}, bad
		}
		n[i] = v
	}
	h := n[0]
	switch meridiem {
	case "am", "pm":
		if h < 1 || h > 12 {
			return clock{}, fmt.Errorf("%q: with am or pm the hour is 1 to 12", s+meridiem)
		}
		h %= 12
		if meridiem == "pm" {
			h += 12
		}
	default:
		if h > 23 {
			return clock{}, fmt.Errorf("%q: the hour is 0 to 23", s)
		}
	}
	if n[1] > 59 || n[2] > 59 {
		return clock{}, fmt.Errorf("%q: minutes and seconds are 00 to 59", s+meridiem)
	}
	return clock{h, n[1], n[2]}, nil
}

// parseDate reads an ISO date, 2026-12-24, between 1970 and 9999.
func parseDate(s string) (civil, bool) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil || t.Year() < 1970 {
		return civil{}, false
	}
	return civil{t.Year(), t.Month(), t.Day()}, true
}

// parseRFC3339 reads a timestamp with its offset (a lower-case t or z is
// accepted too).
func parseRFC3339(s string) (time.Time, bool) {
	if len(s) < len("2006-01-02T15:04Z") || (s[10] != 'T' && s[10] != 't') {
		return time.Time{}, false
	}
	u := strings.ToUpper(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, u); err == nil && t.Year() >= 1970 {
			return t, true
		}
	}
	return time.Time{}, false
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

func weekday(s string) (time.Weekday, bool) {
	wd, ok := weekdays[s]
	return wd, ok
}

// parseDuration reads what follows "+": Go durations ("2h", "90m",
// "1h30m") and days ("2d", "1d12h").
func parseDuration(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a duration: write +2h, +90m, +1h30m or +2d", "+"+s)
	if s == "" {
		return 0, bad
	}
	var days int
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 {
			return 0, bad
		}
		days, s = n, s[i+1:]
	}
	var d time.Duration
	if s != "" {
		var err error
		d, err = time.ParseDuration(s)
		if err != nil || d < 0 || strings.HasPrefix(s, "+") {
			return 0, bad
		}
	}
	if days > int(maxAhead/(24*time.Hour)) || d > maxAhead {
		return 0, errors.New("that is more than ten years ahead")
	}
	d += time.Duration(days) * 24 * time.Hour
	if d > maxAhead {
		return 0, errors.New("that is more than ten years ahead")
	}
	return d, nil
}

// Format is how a resolved time is echoed: the local date and time, the
// zone's abbreviation and offset, and its name, as in
// "Thu 2026-12-24 09:00 CET (+01:00, Europe/Berlin)".
func Format(t time.Time) string {
	s := t.Format("Mon 2006-01-02 15:04")
	if t.Second() != 0 {
		s = t.Format("Mon 2006-01-02 15:04:05")
	}
	return s + " " + t.Format("MST (-07:00") + ", " + zoneName(t.Location()) + ")"
}

// ParseFuture is Parse for a time something is scheduled at: a time more
// than a minute ago (the slack is for the time it takes to type) is
// refused, with what to give instead.
func ParseFuture(s string, now time.Time, loc *time.Location) (Result, error) {
	r, err := Parse(s, now, loc)
	if err != nil {
		return r, err
	}
	if r.Time.Before(now.Add(-time.Minute)) {
		return r, fmt.Errorf("%s is in the past: give a later time, or now", Format(r.Time))
	}
	return r, nil
}
