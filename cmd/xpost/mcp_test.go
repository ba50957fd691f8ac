package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/xpostdev/xpost/assistant"
	"github.com/xpostdev/xpost/ui/draft"
	"github.com/xpostdev/xpost/xapi/xapitest"
)

// mcpSession connects an MCP client to xpost mcp's server over the SDK's
// in-memory transports, with r's configuration.
func mcpSession(t *testing.T, r *runner) *mcp.ClientSession {
	t.Helper()
	a := newApp(strings.NewReader(""), &strings.Builder{}, &strings.Builder{}, func(k string) string { return r.env[k] })
	if r.configure != nil {
		r.configure(a)
	}
	srv, err := a.mcpServer()
	if err != nil {
		t.Fatal(err)
	}
	ct, st := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(t.Context(), st, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(t.Context(), ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	return cs
}

// call calls a tool and decodes its structured result into out; it
// returns the error text of a tool that failed.
func call(t *testing.T, cs *mcp.ClientSession, name string, args any, out any) string {
	t.Helper()
	res, err := cs.CallTool(t.Context(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if res.IsError {
		var msg []string
		for _, c := range res.Content {
			if tc, ok := c.(*mcp.TextContent); ok {
				msg = append(msg, tc.Text)
			}
		}
		return strings.Join(msg, " ")
	}
	b, err := json.Marshal(res.StructuredContent)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s answered %s: %v", name, b, err)
	}
	return ""
}

func TestMCPTools(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{DemoPosts: true})
	r := apiRunner(t, srv)
	cs := mcpSession(t, r)
	postsBefore := len(srv.State().Posts)

	tools, err := cs.ListTools(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tool := range tools.Tools {
		names = append(names, tool.Name)
	}
	if got := strings.Join(names, " "); got != "count draft_create draft_get draft_list draft_update recent_posts split" {
		t.Errorf("tools = %s", got)
	}

	var n assistant.CountOut
	call(t, cs, "count", map[string]any{"text": "Hello 🧑‍💻 https://example.com"}, &n)
	if n.WeightedLength != 32 || !n.Valid || n.Limit != 280 || n.Remaining != 248 {
		t.Errorf("count = %+v, want xpost count's 32 of 280", n)
	}

	var sp assistant.SplitOut
	long := strings.Repeat("A sentence of some words. ", 20)
	call(t, cs, "split", map[string]any{"text": long}, &sp)
	if len(sp.Posts) != 2 || !strings.HasSuffix(sp.Posts[0], ".") {
		t.Errorf("split = %q", sp.Posts)
	}

	img := writePNG(t, filepath.Join(t.TempDir(), "dot.png"))
	var created assistant.DraftOut
	if msg := call(t, cs, "draft_create", map[string]any{"posts": []any{
		map[string]any{"text": sp.Posts[0], "media": []any{map[string]any{"path": img, "alt": "A red dot"}}},
		map[string]any{"text": sp.Posts[1], "poll": map[string]any{"options": []string{"Yes", "No"}}},
	}}, &created); msg != "" {
		t.Fatal(msg)
	}
	if created.ID == "" || !created.Assistant || len(created.Problems) != 0 {
		t.Fatalf("draft_create = %+v", created)
	}

	// The composer's drafts list has it, marked as the assistant's.
	got := r.run("", "drafts", "show", "--json", created.ID)
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, `"origin":"assistant"`) || !strings.Contains(got.stdout, `"alt":"A red dot"`) || !strings.Contains(got.stdout, `"duration_minutes":1440`) {
		t.Errorf("the draft as saved: %s", got.stdout)
	}

	var updated assistant.DraftOut
	if msg := call(t, cs, "draft_update", map[string]any{"id": created.ID, "posts": []any{map[string]any{"text": strings.Repeat("x", 290)}}}, &updated); msg != "" {
		t.Fatal(msg)
	}
	if len(updated.Posts) != 1 || len(updated.Problems) != 1 || !strings.Contains(updated.Problems[0], "over the limit") {
		t.Errorf("draft_update = %+v, want one post and its problem", updated)
	}

	var got2 assistant.DraftOut
	call(t, cs, "draft_get", map[string]any{"id": created.ID}, &got2)
	if got2.Posts[0].Text != strings.Repeat("x", 290) {
		t.Errorf("draft_get = %+v", got2)
	}

	// The user's own drafts, and drafts open in a window, are left alone.
	s := &draft.Store{Dir: filepath.Join(r.env["XPOST_CONFIG_DIR"], draftsDirName)}
	mine := draft.New()
	mine.Posts = []draft.Post{{Text: "my own words"}}
	if err := s.Save(mine); err != nil {
		t.Fatal(err)
	}
	_ = s.Release(mine.ID)
	if msg := call(t, cs, "draft_update", map[string]any{"id": mine.ID, "posts": []any{map[string]any{"text": "theirs"}}}, &updated); !strings.Contains(msg, "the user's own") {
		t.Errorf("updating the user's draft: %q", msg)
	}
	window := &draft.Store{Dir: s.Dir}
	if err := window.Lock(created.ID); err != nil {
		t.Fatal(err)
	}
	if msg := call(t, cs, "draft_update", map[string]any{"id": created.ID, "posts": []any{map[string]any{"text": "late"}}}, &updated); !strings.Contains(msg, "open in another xpost window") {
		t.Errorf("updating a draft open in a window: %q", msg)
	}
	window.ReleaseAll()
	if msg := call(t, cs, "draft_create", map[string]any{"posts": []any{map[string]any{"text": "x", "media": []any{map[string]any{"path": "cat.jpg"}}}}}, &created); !strings.Contains(msg, "not absolute") {
		t.Errorf("a relative media path: %q", msg)
	}

	var list assistant.ListOut
	call(t, cs, "draft_list", map[string]any{}, &list)
	if len(list.Drafts) != 2 || !list.Drafts[1].Assistant || list.Drafts[0].Assistant {
		t.Errorf("draft_list = %+v", list)
	}

	var recent assistant.RecentOut
	call(t, cs, "recent_posts", map[string]any{"limit": 2}, &recent)
	if len(recent.Posts) != 2 || recent.Posts[0].ID == "" {
		t.Errorf("recent_posts = %+v", recent)
	}
	if n := len(srv.State().Posts); n != postsBefore {
		t.Errorf("the server has %d posts, had %d: the assistant published", n, postsBefore)
	}
}

// TestMCPSchedule: with assistant_may_schedule the assistant may queue
// its own drafts for a later time, through the outbox, with the checks
// of xpost post --at; never its user's drafts, never at once. Without the
// switch it has no such tool.
func TestMCPSchedule(t *testing.T) {
	t.Parallel()
	srv := fake(t, xapitest.Options{})
	r := apiRunner(t, srv)
	names := func(cs *mcp.ClientSession) string {
		tools, err := cs.ListTools(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tool := range tools.Tools {
			out = append(out, tool.Name)
		}
		return strings.Join(out, " ")
	}
	if got := names(mcpSession(t, r)); strings.Contains(got, "draft_schedule") {
		t.Fatalf("draft_schedule offered without assistant_may_schedule: %s", got)
	}
	writeFile(t, filepath.Join(r.env["XPOST_CONFIG_DIR"], configFileName), `{"assistant_may_schedule": true}`)
	cs := mcpSession(t, r)
	if got := names(cs); !strings.Contains(got, "draft_schedule") {
		t.Fatalf("draft_schedule not offered with assistant_may_schedule: %s", got)
	}
	var created assistant.DraftOut
	if msg := call(t, cs, "draft_create", map[string]any{"posts": []any{map[string]any{"text": "Later, as agreed"}}}, &created); msg != "" {
		t.Fatal(msg)
	}
	s := &draft.Store{Dir: filepath.Join(r.env["XPOST_CONFIG_DIR"], draftsDirName)}
	mine := draft.New()
	mine.Posts = []draft.Post{{Text: "my own words"}}
	if err := s.Save(mine); err != nil {
		t.Fatal(err)
	}
	_ = s.Release(mine.ID)
	over := draft.New()
	over.Origin = draft.OriginAssistant
	over.Posts = []draft.Post{{Text: strings.Repeat("x", 281)}}
	if err := s.Save(over); err != nil {
		t.Fatal(err)
	}
	_ = s.Release(over.ID)

	later := time.Now().Add(2 * time.Hour).Truncate(time.Second)
	var out assistant.ScheduleOut
	for _, tt := range []struct {
		name, id, at, want string
	}{
		{"at once", created.ID, "now", "too soon"},
		{"in five minutes", created.ID, time.Now().Add(5 * time.Minute).Format(time.RFC3339), "too soon"},
		{"in the past", created.ID, time.Now().Add(-time.Hour).Format(time.RFC3339), "past"},
		{"the user's draft", mine.ID, later.Format(time.RFC3339), "the user's own"},
		{"over the limit", over.ID, later.Format(time.RFC3339), "over the limit"},
	} {
		if msg := call(t, cs, "draft_schedule", map[string]any{"id": tt.id, "at": tt.at}, &out); !strings.Contains(msg, tt.want) {
			t.Errorf("%s: draft_schedule said %q, want %q", tt.name, msg, tt.want)
		}
	}
	if msg := call(t, cs, "draft_schedule", map[string]any{"id": created.ID, "at": later.Format(time.RFC3339)}, &out); msg != "" {
		t.Fatal(msg)
	}
	if out.ID != created.ID || !out.At.Equal(later) || out.Posts != 1 {
		t.Errorf("draft_schedule = %+v, want %s at %v", out, created.ID, later)
	}
	if msg := call(t, cs, "draft_schedule", map[string]any{"id": created.ID, "at": later.Format(time.RFC3339)}, &out); !strings.Contains(msg, "already queued") {
		t.Errorf("queued twice: %q", msg)
	}
	// The queue holds it, marked as the assistant's, and nothing was
	// posted: a runner now finds nothing due.
	got := r.run("", "queue", "--json")
	wantRun(t, got, 0)
	if !strings.Contains(got.stdout, created.ID) {
		t.Errorf("the queue lacks the assistant's draft:\n%s", got.stdout)
	}
	got = r.run("", "drafts", "show", "--json", created.ID)
	if !strings.Contains(got.stdout, `"origin":"assistant"`) {
		t.Errorf("the queued draft lost its mark: %s", got.stdout)
	}
	wantRun(t, r.run("", "queue", "run"), 0)
	if n := len(srv.State().Posts); n != 0 {
		t.Errorf("%d posts on X: the assistant's draft was posted before its time", n)
	}
}
