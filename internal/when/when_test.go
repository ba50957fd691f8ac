package when

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the machine has installed
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParse(t *testing.T) {
	t.Parallel()
	berlin := mustLoad(t, "Europe/Berlin")
	ny := mustLoad(t, "America/New_York")
	tokyo := mustLoad(t, "Asia/Tokyo")
	// Thursday 2026-12-03, 10:15 in Berlin (CET, +01:00).
	thu := time.Date(2026, 12, 3, 10, 15, 0, 0, berlin)
	tests := []struct {
		name string
		in   string
		now  time.Time
		loc  *time.Location
		want string // RFC 3339 in loc
		note string // a part of the note; "" for none
	}{
		{name: "date and time", in: "2026-12-24 09:00", now: thu, loc: berlin, want: "2026-12-24T09:00:00+01:00"},
		{name: "date and time with seconds", in: "2026-12-24 09:00:30", now: thu, loc: berlin, want: "2026-12-24T09:00:30+01:00"},
		{name: "date T time without offset is local", in: "2026-12-24T09:00", now: thu, loc: berlin, want: "2026-12-24T09:00:00+01:00"},
		{name: "time still ahead today", in: "18:30", now: thu, loc: berlin, want: "2026-12-03T18:30:00+01:00"},
		{name: "time already past is tomorrow", in: "09:00", now: thu, loc: berlin, want: "2026-12-04T09:00:00+01:00"},
		{name: "the present minute is tomorrow", in: "10:15", now: thu, loc: berlin, want: "2026-12-04T10:15:00+01:00"},
		{name: "single-digit hour", in: "9:05", now: thu, loc: berlin, want: "2026-12-04T09:05:00+01:00"},
		{name: "9am", in: "9am", now: thu, loc: berlin, want: "2026-12-04T09:00:00+01:00"},
		{name: "9 pm with a space", in: "9 pm", now: thu, loc: berlin, want: "2026-12-03T21:00:00+01:00"},
		{name: "12am is midnight", in: "tomorrow 12am", now: thu, loc: berlin, want: "2026-12-04T00:00:00+01:00"},
		{name: "12pm is noon", in: "today 12pm", now: thu, loc: berlin, want: "2026-12-03T12:00:00+01:00"},
		{name: "tomorrow 9am", in: "tomorrow 9am", now: thu, loc: berlin, want: "2026-12-04T09:00:00+01:00"},
		{name: "Tomorrow in capitals", in: "Tomorrow 9AM", now: thu, loc: berlin, want: "2026-12-04T09:00:00+01:00"},
		{name: "friday", in: "fri 18:30", now: thu, loc: berlin, want: "2026-12-04T18:30:00+01:00"},
		{name: "full weekday name", in: "monday 08:00", now: thu, loc: berlin, want: "2026-12-07T08:00:00+01:00"},
		{name: "same weekday, time ahead: today", in: "thu 18:00", now: thu, loc: berlin, want: "2026-12-03T18:00:00+01:00"},
		{name: "same weekday, time past: next week", in: "thu 08:00", now: thu, loc: berlin, want: "2026-12-10T08:00:00+01:00"},
		{name: "relative hours", in: "+2h", now: thu, loc: berlin, want: "2026-12-03T12:15:00+01:00"},
		{name: "relative minutes", in: "+90m", now: thu, loc: berlin, want: "2026-12-03T11:45:00+01:00"},
		{name: "relative days", in: "+2d", now: thu, loc: berlin, want: "2026-12-05T10:15:00+01:00"},
		{name: "relative mixed", in: "+1d1h30m", now: thu, loc: berlin, want: "2026-12-04T11:45:00+01:00"},
		{name: "now", in: "now", now: thu, loc: berlin, want: "2026-12-03T10:15:00+01:00"},
		{name: "RFC 3339 UTC shown in the local zone", in: "2026-12-24T09:00:00Z", now: thu, loc: berlin, want: "2026-12-24T10:00:00+01:00"},
		{name: "RFC 3339 with offset", in: "2026-12-24T09:00:00-05:00", now: thu, loc: berlin, want: "2026-12-24T15:00:00+01:00"},
		{name: "RFC 3339 lower case", in: "2026-12-24t09:00:00z", now: thu, loc: berlin, want: "2026-12-24T10:00:00+01:00"},
		{name: "RFC 3339 without seconds", in: "2026-12-24T09:00Z", now: thu, loc: berlin, want: "2026-12-24T10:00:00+01:00"},
		{name: "other zone", in: "2026-12-24 09:00", now: thu, loc: tokyo, want: "2026-12-24T09:00:00+09:00"},
		{name: "next 09:00 in Tokyo is judged by Tokyo's clock", in: "09:00", now: thu, loc: tokyo, want: "2026-12-04T09:00:00+09:00"},
		{name: "UTC", in: "tomorrow 09:00", now: thu, loc: time.UTC, want: "2026-12-04T09:00:00Z"},

		// Clocks going back: a local time that happens twice resolves to
		// the first, and says how to give the second.
		{name: "Berlin, twice: first", in: "2026-10-25 02:30", now: thu.AddDate(0, -3, 0), loc: berlin,
			want: "2026-10-25T02:30:00+02:00", note: "happens twice on 2026-10-25 in Europe/Berlin"},
		{name: "Berlin, the second given by offset", in: "2026-10-25T02:30:00+01:00", now: thu.AddDate(0, -3, 0), loc: berlin,
			want: "2026-10-25T02:30:00+01:00"},
		{name: "New York, twice", in: "2026-11-01 01:30", now: thu.AddDate(0, -3, 0), loc: ny,
			want: "2026-11-01T01:30:00-04:00", note: "for the second give 2026-11-01T01:30:00-05:00"},
		{name: "New York, just after the repeated hour", in: "2026-11-01 02:00", now: thu.AddDate(0, -3, 0), loc: ny,
			want: "2026-11-01T02:00:00-05:00"},
		// Clocks going forward: an hour that exists in neither.
		{name: "Berlin, day of the change, before it", in: "2026-03-29 01:59", now: thu.AddDate(-1, 0, 0), loc: berlin,
			want: "2026-03-29T01:59:00+01:00"},
		{name: "Berlin, day of the change, after it", in: "2026-03-29 03:00", now: thu.AddDate(-1, 0, 0), loc: berlin,
			want: "2026-03-29T03:00:00+02:00"},
		{name: "relative across the change counts real hours", in: "+2h",
			now: time.Date(2026, 3, 29, 1, 0, 0, 0, berlin), loc: berlin, want: "2026-03-29T04:00:00+02:00"},
		{name: "tomorrow across the change is wall-clock", in: "tomorrow 09:00",
			now: time.Date(2026, 3, 28, 9, 0, 0, 0, berlin), loc: berlin, want: "2026-03-29T09:00:00+02:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Parse(tt.in, tt.now, tt.loc)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := r.Time.Format(time.RFC3339); got != tt.want {
				t.Errorf("Parse(%q) = %s, want %s", tt.in, got, tt.want)
			}
			if r.Time.Location() != tt.loc {
				t.Errorf("Parse(%q) is in %v, want %v", tt.in, r.Time.Location(), tt.loc)
			}
			switch {
			case tt.note == "" && r.Note != "":
				t.Errorf("Parse(%q) note %q, want none", tt.in, r.Note)
			case tt.note != "" && !strings.Contains(r.Note, tt.note):
				t.Errorf("Parse(%q) note %q, want it to say %q", tt.in, r.Note, tt.note)
			}
		})
	}
}

// The next 02:30 after a day whose 02:30 was skipped: the test above
// starts after the skip; this one starts the evening before, when the
// next 02:30 does not exist.
func TestParseSkippedNextTime(t *testing.T) {
	t.Parallel()
	berlin := mustLoad(t, "Europe/Berlin")
	_, err := Parse("02:30", time.Date(2026, 3, 28, 22, 0, 0, 0, berlin), berlin)
	if err == nil || !strings.Contains(err.Error(), "does not exist on 2026-03-29 in Europe/Berlin") {
		t.Fatalf("err = %v, want the skipped time named", err)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	berlin := mustLoad(t, "Europe/Berlin")
	ny := mustLoad(t, "America/New_York")
	now := time.Date(2026, 12, 3, 10, 15, 0, 0, berlin)
	tests := []struct {
		name string
		in   string
		loc  *time.Location
		want string
	}{
		{name: "empty", in: "  ", loc: berlin, want: "it is empty"},
		{name: "words", in: "soon 09:00", loc: berlin, want: `"soon" is not a day`},
		{name: "date alone", in: "2026-12-24", loc: berlin, want: "needs a time of day"},
		{name: "bad hour", in: "25:00", loc: berlin, want: "the hour is 0 to 23"},
		{name: "bad minute", in: "10:61", loc: berlin, want: "minutes and seconds"},
		{name: "13pm", in: "13pm", loc: berlin, want: "hour is 1 to 12"},
		{name: "hour alone", in: "9", loc: berlin, want: "not a time of day"},
		{name: "bad duration", in: "+2x", loc: berlin, want: "not a duration"},
		{name: "negative duration", in: "+-2h", loc: berlin, want: "not a duration"},
		{name: "far future", in: "+100000h", loc: berlin, want: "ten years"},
		{name: "three words", in: "next fri 9am", loc: berlin, want: "give one of"},
		{name: "invalid date", in: "2026-02-30 09:00", loc: berlin, want: "is not a day"},
		{name: "Berlin skips 02:30", in: "2026-03-29 02:30", loc: berlin,
			want: "02:30 does not exist on 2026-03-29 in Europe/Berlin: the clocks go forward 1h0m0s that night (CET to CEST)"},
		{name: "New York skips 02:15", in: "2026-03-08 02:15", loc: ny,
			want: "02:15 does not exist on 2026-03-08 in America/New_York"},
		{name: "too long", in: strings.Repeat("9", 100), loc: berlin, want: "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Parse(tt.in, now, tt.loc)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tt.in, r.Time)
			}
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Errorf("Parse(%q) error is %T, want *Error", tt.in, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q) error %q, want it to say %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	t.Parallel()
	berlin := mustLoad(t, "Europe/Berlin")
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{name: "winter", t: time.Date(2026, 12, 24, 9, 0, 0, 0, berlin), want: "Thu 2026-12-24 09:00 CET (+01:00, Europe/Berlin)"},
		{name: "summer", t: time.Date(2026, 7, 1, 9, 0, 0, 0, berlin), want: "Wed 2026-07-01 09:00 CEST (+02:00, Europe/Berlin)"},
		{name: "seconds", t: time.Date(2026, 12, 24, 9, 0, 5, 0, time.UTC), want: "Thu 2026-12-24 09:00:05 UTC (+00:00, UTC)"},
		{name: "no zone name", t: time.Date(2026, 12, 24, 9, 0, 0, 0, time.FixedZone("", 3600)), want: "Thu 2026-12-24 09:00 +0100 (+01:00, local time)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Format(tt.t); got != tt.want {
				t.Errorf("Format = %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzParse: no input panics; an answer is an instant that its RFC 3339
// form gives back, and a local form never lands in the past.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-12-24 09:00", "09:00", "fri 18:30", "+2h", "+90m", "tomorrow 9am",
		"2026-12-24T09:00:00Z", "now", "2026-03-29 02:30", "2026-10-25 02:30", "12am", "+1d2h", "thu 9 pm", "2026-12-24t09:00"} {
		f.Add(s, int64(1796289300), "Europe/Berlin")
	}
	f.Add("01:30", int64(1793430000), "America/New_York")
	zones := map[string]*time.Location{}
	for _, z := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC", "Asia/Kathmandu"} {
		zones[z] = mustLoad(f, z)
	}
	f.Fuzz(func(t *testing.T, in string, unix int64, zone string) {
		loc, ok := zones[zone]
		if !ok {
			loc = time.UTC
		}
		now := time.Unix(unix%(1<<34), 0).In(loc)
		r, err := Parse(in, now, loc)
		if err != nil {
			if _, ok := errors.AsType[*Error](err); !ok {
				t.Fatalf("Parse(%q) error %T, want *Error", in, err)
			}
			return
		}
		back, err := Parse(r.Time.Format(time.RFC3339Nano), now, loc)
		if err != nil || !back.Time.Equal(r.Time) {
			t.Fatalf("Parse(%q) = %v; its RFC 3339 form reads back as %v, %v", in, r.Time, back.Time, err)
		}
		lower := strings.ToLower(strings.TrimSpace(in))
		local := !strings.HasPrefix(lower, "+") && lower != "now" && !strings.Contains(lower, "today") &&
			!(len(lower) > 10 && (lower[10] == 't' || lower[4] == '-'))
		if local && !r.Time.After(now) {
			t.Fatalf("Parse(%q) at %v = %v, in the past", in, now, r.Time)
		}
		_ = Format(r.Time)
	})
}

func TestParseFuture(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in string
		wantErr  string
	}{
		{name: "later", in: "+2h"},
		{name: "now", in: "now"},
		{name: "within the minute of typing", in: "2026-12-03 09:59:30"},
		{name: "past", in: "2026-12-03 09:00", wantErr: "is in the past: give a later time, or now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseFuture(tt.in, now, time.UTC)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("ParseFuture(%q): %v", tt.in, err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("ParseFuture(%q) = %v, want %q", tt.in, err, tt.wantErr)
			}
		})
	}
}
