package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xpostdev/xpost/xapi"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// holdStatusUntilPosted holds the status polls of a processing upload
// until a post was created, so that the upload of a later post fails
// after the first is live.
type holdStatusUntilPosted struct {
	once    sync.Once
	created chan struct{}
}

func (h *holdStatusUntilPosted) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/2/media/upload") {
		select {
		case <-h.created:
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/2/tweets") && resp.StatusCode == http.StatusCreated {
		h.once.Do(func() { close(h.created) })
	}
	return resp, err
}

// TestThreadUploadFails publishes a thread whose second post carries a
// video X cannot process. By default the first post is already live when
// the upload fails: the command exits 6 (partly posted), says which file
// and post, how many posts are on X and how to finish, and --resume posts
// the rest once X can process it. With --upload-first, or upload_first in
// config.json, nothing is posted and the command exits 1.
func TestThreadUploadFails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		args        []string
		config      string
		code        int
		posted      int
		stderr      []string
		stderrLacks string
	}{
		{name: "each post when its media is ready", code: exitPartial, posted: 1, stderr: []string{
			"upload clip.mp4 for post 2 of 3: X could not process the media",
			"(1 of 3 posts is on X already: publishing again resumes at post 2)",
			"run `xpost thread --resume"}},
		{name: "--upload-first", args: []string{"--upload-first"}, code: exitFailure,
			stderr: []string{"upload clip.mp4 for post 2 of 3: X could not process the media"}, stderrLacks: "on X already"},
		{name: "upload_first in config.json", config: `{"upload_first":true}`, code: exitFailure,
			stderr: []string{"upload clip.mp4 for post 2 of 3: X could not process the media"}, stderrLacks: "on X already"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fake(t, xapitest.Options{})
			srv.SetFaults(xapitest.Faults{FailProcessing: true})
			dir := t.TempDir()
			video := []byte("\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom")
			if err := os.WriteFile(filepath.Join(dir, "clip.mp4"), append(video, make([]byte, 4000)...), 0o644); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "thread.md")
			if err := os.WriteFile(file, []byte("First, in words.\n---\nThen a clip.\n![A short clip](clip.mp4)\n---\nThe end.\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			r := apiRunner(t, srv)
			if tt.config != "" {
				if err := os.WriteFile(filepath.Join(r.env["XPOST_CONFIG_DIR"], configFileName), []byte(tt.config), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			plain := r.configure
			if tt.posted > 0 {
				r.configure = func(a *app) {
					a.clientOptions = func(o *xapi.Options) {
						o.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
						o.HTTPClient = &http.Client{Transport: &holdStatusUntilPosted{created: make(chan struct{})}}
					}
				}
			}
			got := r.run("", append(append([]string{"thread"}, tt.args...), file)...)
			r.configure = plain
			wantRun(t, got, tt.code, tt.stderr...)
			if tt.stderrLacks != "" && strings.Contains(got.stderr, tt.stderrLacks) {
				t.Errorf("stderr says %q:\n%s", tt.stderrLacks, got.stderr)
			}
			if n := len(srv.State().Posts); n != tt.posted {
				t.Fatalf("%d posts on X, want %d", n, tt.posted)
			}

			srv.SetFaults(xapitest.Faults{})
			resume := append(append([]string{"thread"}, tt.args...), file)
			if tt.posted > 0 || strings.Contains(got.stderr, "--resume") {
				resume = append(append([]string{"thread", "--resume"}, tt.args...), file)
			}
			got = r.run("", resume...)
			wantRun(t, got, 0)
			prev := ""
			st := srv.State()
			for i, p := range st.Posts {
				if p.InReplyToID != prev {
					t.Errorf("post %d replies to %q, want %q", i+1, p.InReplyToID, prev)
				}
				prev = p.ID
			}
			if len(st.Posts) != 3 || len(st.Posts[1].MediaIDs) != 1 {
				t.Errorf("posts %+v", st.Posts)
			}
		})
	}
}
