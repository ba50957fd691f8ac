package xapi_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// handlerTransport serves requests with the fake X's handler in memory,
// so that a publish runs inside a synctest bubble, on its fake clock: the
// fake's latency and X's check_after_secs then pass in no real time, and
// the time a publish takes is exact.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (resp *http.Response, err error) {
	defer func() {
		if r.Body != nil {
			r.Body.Close() // ends the writer of a body the handler did not read
		}
		if v := recover(); v != nil {
			if v != http.ErrAbortHandler {
				panic(v)
			}
			resp, err = nil, errors.New("connection dropped")
		}
	}()
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp = rec.Result()
	resp.Request = r
	return resp, nil
}

// bubbleEnv is a fake X answering after latency, served in memory, and a
// client of its demo user with the account known, as after a login. Call
// it inside synctest.Test.
func bubbleEnv(t *testing.T, latency time.Duration, wrap func(http.RoundTripper) http.RoundTripper) (*xapitest.Server, *xapi.Client) {
	t.Helper()
	srv := xapitest.NewUnstartedServer(xapitest.Options{Latency: latency})
	t.Cleanup(srv.Close)
	u := srv.DemoUser()
	p := srv.IssueToken(xapitest.DemoClientID, u.ID, xapi.Scopes)
	tok := &xapi.Token{AccessToken: p.AccessToken, Expiry: time.Now().Add(time.Hour), Scopes: xapi.Scopes,
		UserID: u.ID, Username: u.Username}
	var rt http.RoundTripper = handlerTransport{srv.Handler()}
	if wrap != nil {
		rt = wrap(rt)
	}
	c, err := xapi.NewClient(xapi.StaticToken{T: tok}, xapi.Options{BaseURL: "http://127.0.0.1/",
		HTTPClient: &http.Client{Transport: rt}, Account: &xapi.User{ID: u.ID, Username: u.Username}})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// timeline records a publish's uploads and posts with the (fake) time
// since it started.
type timeline struct {
	mu     sync.Mutex
	start  time.Time
	events []string
	at     map[string]time.Duration
}

func newTimeline() *timeline { return &timeline{start: time.Now(), at: map[string]time.Duration{}} }

func (tl *timeline) on(e xapi.Event) {
	var name string
	switch {
	case e.Kind == xapi.EventUploaded && !e.Reused:
		name = "uploaded " + e.Path[strings.LastIndexByte(e.Path, '/')+1:]
	case e.Kind == xapi.EventPosted && !e.Reused:
		name = "posted " + string(rune('1'+e.Post))
	default:
		return
	}
	tl.mu.Lock()
	defer tl.mu.Unlock()
	tl.events = append(tl.events, name)
	tl.at[name] = time.Since(tl.start)
}

// orderThread has an image on part 1 and a video on part 3 of 4, every
// attachment described.
func orderThread(t *testing.T) *xapi.Thread {
	dir := t.TempDir()
	img := writeFile(t, dir, "photo.png", pngHead, 4000)
	video := writeFile(t, dir, "clip.mp4", mp4Head, 3<<20)
	return &xapi.Thread{Posts: []xapi.ThreadPost{
		{Text: "a photo first", Media: []xapi.Attachment{{Path: img, Alt: "a photo"}}},
		{Text: "then words"},
		{Text: "then a clip", Media: []xapi.Attachment{{Path: video, Alt: "a short clip"}}},
		{Text: "and the end"},
	}}
}

// TestPublishOnTheCriticalPath publishes on a fake clock with 100 ms for
// every answer: each part goes out as soon as its own media is ready,
// while the video of a later part still uploads and processes, and its
// alt text is set during the processing. The publish takes exactly the
// thread's critical path, not a round trip more. With UploadFirst no part
// goes out before every upload is done, and the publish takes the
// slowest upload plus a round trip a part.
func TestPublishOnTheCriticalPath(t *testing.T) {
	t.Parallel()
	const l = 100 * time.Millisecond
	tests := []struct {
		name        string
		uploadFirst bool
		want        []string
	}{
		{name: "each part when its media is ready",
			want: []string{"uploaded photo.png", "posted 1", "posted 2", "uploaded clip.mp4", "posted 3", "posted 4"}},
		{name: "upload first", uploadFirst: true,
			want: []string{"uploaded photo.png", "uploaded clip.mp4", "posted 1", "posted 2", "posted 3", "posted 4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			th := orderThread(t)
			synctest.Test(t, func(t *testing.T) {
				srv, c := bubbleEnv(t, l, nil)
				tl := newTimeline()
				ids, err := c.PublishThread(t.Context(), th, &xapi.MemoryJournal{},
					xapi.PublishOptions{OnEvent: tl.on, UploadFirst: tt.uploadFirst})
				if err != nil {
					t.Fatal(err)
				}
				took := time.Since(tl.start)
				if strings.Join(tl.events, ", ") != strings.Join(tt.want, ", ") {
					t.Errorf("order:\n %s\nwant\n %s", strings.Join(tl.events, ", "), strings.Join(tt.want, ", "))
				}
				polls := srv.RequestsTo("GET /2/media/upload")
				// The video: initialize, one segment, finalize, then each
				// status poll after X's check_after_secs; its alt text
				// beside them.
				video := 3*l + time.Duration(polls)*(fakeCheckAfter+l)
				want := criticalPath(t, th, polls, l)
				if tt.uploadFirst {
					want = video + time.Duration(len(th.Posts))*l
				}
				if polls != 2 || took != want {
					t.Errorf("took %v with %d status polls, want %v (the video ready at %v); timeline %v", took, polls, want, video, tl.at)
				}
				st := srv.State()
				for _, m := range st.Media {
					if m.AltText == "" {
						t.Errorf("media %s has no alt text", m.ID)
					}
				}
				if len(ids) != 4 || len(st.Posts) != 4 || srv.RequestsTo("POST /2/media/metadata") != 2 {
					t.Errorf("ids %v, %d posts, %d alt texts", ids, len(st.Posts), srv.RequestsTo("POST /2/media/metadata"))
				}
			})
		})
	}
}

// TestLaterUploadFailsAfterEarlierParts makes X fail to process the video
// of part 3 while parts 1 and 2 are already live: the publish stops there
// with an error that says which file and part, how many parts are on X
// and where publishing again resumes; nothing more is posted. Publishing
// again with the same journal (the video fixed) posts parts 3 and 4 only,
// reusing the photo's upload. With UploadFirst the failure leaves nothing
// on X.
func TestLaterUploadFailsAfterEarlierParts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		uploadFirst bool
		wantErr     string
		wantLive    int
	}{
		{name: "each part when its media is ready", wantLive: 2,
			wantErr: "upload clip.mp4 for post 3 of 4: X could not process the media (Unsupported video format): check that the file plays and meets X's limits (≤140 s, ≤1280×1024, H.264/AAC for video) (2 of 4 posts are on X already: publishing again resumes at post 3)"},
		{name: "upload first", uploadFirst: true,
			wantErr: "upload clip.mp4 for post 3 of 4: X could not process the media (Unsupported video format): check that the file plays and meets X's limits (≤140 s, ≤1280×1024, H.264/AAC for video)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			th := orderThread(t)
			synctest.Test(t, func(t *testing.T) {
				srv, c := bubbleEnv(t, 100*time.Millisecond, nil)
				srv.SetFaults(xapitest.Faults{Latency: 100 * time.Millisecond, FailProcessing: true})
				j := &xapi.MemoryJournal{}
				opts := xapi.PublishOptions{UploadFirst: tt.uploadFirst}
				_, err := c.PublishThread(t.Context(), th, j, opts)
				ue, ok := errors.AsType[*xapi.UploadError](err)
				if !ok || err.Error() != tt.wantErr {
					t.Fatalf("err = %v\nwant %s", err, tt.wantErr)
				}
				if ue.Part != 2 || ue.Posted != tt.wantLive || ue.Next != tt.wantLive || ue.Parts != 4 || xapi.MaybeSent(err) {
					t.Errorf("UploadError %+v, maybe sent %v", ue, xapi.MaybeSent(err))
				}
				if live := srv.State().Posts; len(live) != tt.wantLive || len(j.PostIDs()) != tt.wantLive {
					t.Fatalf("%d posts on X, %d in the journal, want %d", len(live), len(j.PostIDs()), tt.wantLive)
				}

				srv.SetFaults(xapitest.Faults{Latency: 100 * time.Millisecond})
				ids, err := c.PublishThread(t.Context(), th, j, opts)
				if err != nil {
					t.Fatal(err)
				}
				st := srv.State()
				prev := ""
				for i, p := range st.Posts {
					if i >= len(ids) || p.ID != ids[i] || p.InReplyToID != prev || p.Text != th.Posts[i].Text {
						t.Errorf("post %d = %+v, want id %v replying to %q", i+1, p, ids, prev)
					}
					prev = p.ID
				}
				// The photo once, the failed video and the good one.
				if len(st.Posts) != 4 || st.Counters.MediaUploaded != 3 {
					t.Errorf("%d posts, %d uploads; want 4 and 3", len(st.Posts), st.Counters.MediaUploaded)
				}
			})
		})
	}
}

// refuseFirstAlt answers the first alt-text request with a 400 of its
// own, as an X that took no metadata for media still processing would.
type refuseFirstAlt struct {
	next    http.RoundTripper
	mu      sync.Mutex
	refused int
}

func (f *refuseFirstAlt) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	refuse := f.refused == 0 && r.URL.Path == "/2/media/metadata"
	if refuse {
		f.refused++
	}
	f.mu.Unlock()
	if !refuse {
		return f.next.RoundTrip(r)
	}
	r.Body.Close()
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "application/problem+json")
	rec.WriteHeader(http.StatusBadRequest)
	rec.WriteString(`{"title":"Invalid Request","detail":"The media is still being processed.","type":"https://api.twitter.com/2/problems/invalid-request","status":400}`)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// TestAltTextAfterProcessingWhenRefused checks the fallback: when X
// refuses a video's alt text while it processes, the alt text is set
// again once the processing is over, one round trip later.
func TestAltTextAfterProcessingWhenRefused(t *testing.T) {
	t.Parallel()
	const l = 100 * time.Millisecond
	video := writeFile(t, t.TempDir(), "clip.mp4", mp4Head, 3<<20)
	f, err := xapi.DetectMedia(video)
	if err != nil {
		t.Fatal(err)
	}
	synctest.Test(t, func(t *testing.T) {
		refuse := &refuseFirstAlt{}
		srv, c := bubbleEnv(t, l, func(next http.RoundTripper) http.RoundTripper { refuse.next = next; return refuse })
		start := time.Now()
		m, _, err := c.UploadMedia(t.Context(), f, xapi.UploadOptions{Alt: "a short clip"})
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		polls := srv.RequestsTo("GET /2/media/upload")
		want := 3*l + time.Duration(polls)*(fakeCheckAfter+l) + l
		st := srv.State()
		if refuse.refused != 1 || srv.RequestsTo("POST /2/media/metadata") != 1 || len(st.Media) != 1 ||
			st.Media[0].ID != m.ID || st.Media[0].AltText != "a short clip" || took != want {
			t.Errorf("refused %d, %d alt texts reached X, media %+v; took %v, want %v", refuse.refused,
				srv.RequestsTo("POST /2/media/metadata"), st.Media, took, want)
		}
	})
}

// TestUploadErrorMessage checks what a failed upload says: the file, and
// in a thread its post and, when posts are live, how many and where
// publishing again resumes.
func TestUploadErrorMessage(t *testing.T) {
	t.Parallel()
	cause := errors.New("X could not process the media")
	tests := []struct {
		name string
		err  xapi.UploadError
		want string
	}{
		{name: "a single post", err: xapi.UploadError{Path: "/tmp/a.mp4", Parts: 1, Err: cause},
			want: "upload a.mp4: X could not process the media"},
		{name: "nothing live", err: xapi.UploadError{Path: "/tmp/a.mp4", Part: 2, Parts: 4, Err: cause},
			want: "upload a.mp4 for post 3 of 4: X could not process the media"},
		{name: "one live", err: xapi.UploadError{Path: "a.mp4", Part: 2, Posted: 1, Next: 1, Parts: 4, Err: cause},
			want: "upload a.mp4 for post 3 of 4: X could not process the media (1 of 4 posts is on X already: publishing again resumes at post 2)"},
		{name: "several live", err: xapi.UploadError{Path: "a.mp4", Part: 9, Posted: 9, Next: 9, Parts: 10, Err: cause},
			want: "upload a.mp4 for post 10 of 10: X could not process the media (9 of 10 posts are on X already: publishing again resumes at post 10)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if !errors.Is(&tt.err, cause) {
				t.Error("the cause does not unwrap")
			}
		})
	}
}
