package xapi_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// benchLatency is what the fake X adds to every answer in
// BenchmarkPublishThread: a distant X.
const benchLatency = 100 * time.Millisecond

// fakeCheckAfter is the check_after_secs the fake X answers while it
// processes a video: a client must wait that long before asking again.
const fakeCheckAfter = time.Second

// BenchmarkPublishThread publishes a 10-part thread through the fake X
// answering every request after 100 ms, with alt text on every
// attachment: "images" has one image on parts 2, 5 and 8, "video" one
// video on part 5. Each run computes the thread's critical path, the
// least time any client could take given what depends on what: an
// upload's requests follow one another (a video's status polls each
// after X's check_after_secs, as many as X needed in that run); its alt
// text needs its media id; a part needs its own media ready and the
// part before it created. x-critical is the wall time over that path
// (the goal is ≤ 1.05); wall-ms and critical-ms are the two times.
func BenchmarkPublishThread(b *testing.B) {
	dir := b.TempDir()
	img := writeFile(b, dir, "photo.png", pngHead, 40_000)
	video := writeFile(b, dir, "clip.mp4", mp4Head, 3<<20)
	scenarios := []struct {
		name  string
		media map[int]xapi.Attachment // part (0-based) → its attachment
	}{
		{name: "images", media: map[int]xapi.Attachment{
			1: {Path: img, Alt: "a photo"}, 4: {Path: img, Alt: "the photo again"}, 7: {Path: img, Alt: "and once more"}}},
		{name: "video", media: map[int]xapi.Attachment{4: {Path: video, Alt: "a short clip"}}},
	}
	for _, sc := range scenarios {
		b.Run(sc.name, func(b *testing.B) {
			th := &xapi.Thread{}
			for i := range 10 {
				p := xapi.ThreadPost{Text: fmt.Sprintf("Part %d of a thread published against a distant X", i+1)}
				if a, ok := sc.media[i]; ok {
					p.Media = []xapi.Attachment{a}
				}
				th.Posts = append(th.Posts, p)
			}
			var wall, critical time.Duration
			for range b.N {
				b.StopTimer()
				srv := xapitest.NewServer(xapitest.Options{Latency: benchLatency})
				c := benchClient(b, srv)
				b.StartTimer()
				start := time.Now()
				if _, err := c.PublishThread(b.Context(), th, &xapi.MemoryJournal{}, xapi.PublishOptions{}); err != nil {
					b.Fatal(err)
				}
				wall += time.Since(start)
				b.StopTimer()
				critical += criticalPath(b, th, srv.RequestsTo("GET /2/media/upload"), benchLatency)
				srv.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(wall)/float64(critical), "x-critical")
			b.ReportMetric(float64(wall.Milliseconds())/float64(b.N), "wall-ms")
			b.ReportMetric(float64(critical.Milliseconds())/float64(b.N), "critical-ms")
		})
	}
}

// benchClient is a client of srv's demo user with the account known, as
// after a login: publishing asks X nothing but what it sends.
func benchClient(b *testing.B, srv *xapitest.Server) *xapi.Client {
	b.Helper()
	u := srv.DemoUser()
	p := srv.IssueToken(xapitest.DemoClientID, u.ID, xapi.Scopes)
	tok := &xapi.Token{AccessToken: p.AccessToken, Expiry: time.Now().Add(time.Hour), Scopes: xapi.Scopes,
		UserID: u.ID, Username: u.Username}
	c, err := xapi.NewClient(xapi.StaticToken{T: tok}, xapi.Options{BaseURL: srv.URL,
		Account: &xapi.User{ID: u.ID, Username: u.Username, Name: u.Name}})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// criticalPath is the least time publishing th can take when every
// request takes l and X asked for polls status polls of the thread's (at
// most one) video or GIF, each after its check_after_secs. Uploads all
// start at once (a thread has at most four here, the publisher's default
// concurrency).
func criticalPath(tb testing.TB, th *xapi.Thread, polls int, l time.Duration) time.Duration {
	tb.Helper()
	var done time.Duration // when the part before was created
	for _, p := range th.Posts {
		ready := time.Duration(0)
		for _, a := range p.Media {
			f, err := xapi.DetectMedia(a.Path)
			if err != nil {
				tb.Fatal(err)
			}
			var up time.Duration // until the media id is known and X has it all
			processing := time.Duration(0)
			switch f.Kind {
			case xapi.MediaImage:
				up = l // one-shot
			default:
				segments := (f.Size + xapi.DefaultChunkSize - 1) / xapi.DefaultChunkSize
				up = time.Duration(2+segments) * l // initialize, append…, finalize
				processing = time.Duration(polls) * (fakeCheckAfter + l)
			}
			alt := time.Duration(0)
			if a.Alt != "" {
				alt = l // needs the media id, runs beside the processing
			}
			ready = max(ready, up+max(alt, processing))
		}
		done = max(done, ready) + l
	}
	return done
}
