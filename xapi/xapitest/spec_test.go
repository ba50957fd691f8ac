package xapitest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// exchangeRecord is one request of the conformance scenario and its answer.
type exchangeRecord struct {
	name     string
	method   string
	specPath string // the path template in the spec
	rawQuery string
	reply    reply
}

// conformanceScenario drives every endpoint the fake serves through its
// success and error answers and records them.
func conformanceScenario(t *testing.T) []exchangeRecord {
	t.Helper()
	s, clock, tok := newTestServer(t, Options{DailyPostCap: 50})
	other := s.AddUser(User{Username: "other"})
	otherTok := s.IssueToken(DemoClientID, other.ID, allScopes).AccessToken
	readOnly := s.IssueToken(DemoClientID, "1", []string{"tweet.read", "users.read"}).AccessToken
	var out []exchangeRecord
	rec := func(name, method, specPath, path, token string, body any, ctype string) reply {
		r := do(t, s, method, path, token, body, ctype)
		_, q, _ := strings.Cut(path, "?")
		out = append(out, exchangeRecord{name: name, method: method, specPath: specPath, rawQuery: q, reply: r})
		return r
	}
	recMultipart := func(name, specPath, path string, fields map[string]string, data []byte) reply {
		r := sendMultipart(t, s, path, tok, fields, bytes.NewReader(data))
		out = append(out, exchangeRecord{name: name, method: "POST", specPath: specPath, reply: r})
		return r
	}

	// Users.
	rec("me", "GET", "/2/users/me", "/2/users/me?user.fields=created_at,description,protected,verified,verified_type,subscription_type,profile_image_url,public_metrics,most_recent_tweet_id", tok, nil, "")
	rec("me bad field", "GET", "/2/users/me", "/2/users/me?user.fields=nope", tok, nil, "")
	rec("me unauthorized", "GET", "/2/users/me", "/2/users/me", "", nil, "")
	rec("me forbidden", "GET", "/2/users/me", "/2/users/me", s.IssueToken(DemoClientID, "1", []string{"media.write"}).AccessToken, nil, "")

	// Media.
	png := fileOf(pngHead, 1200)
	img := rec("one-shot", "POST", "/2/media/upload", "/2/media/upload", tok,
		map[string]any{"media": base64.StdEncoding.EncodeToString(png), "media_category": "tweet_image", "media_type": "image/png"}, "").json(t)["data"].(map[string]any)["id"].(string)
	recMultipart("one-shot multipart", "/2/media/upload", "/2/media/upload", map[string]string{"media_category": "tweet_image"}, png)
	rec("one-shot mismatch", "POST", "/2/media/upload", "/2/media/upload", tok,
		map[string]any{"media": base64.StdEncoding.EncodeToString(fileOf(jpegHead, 50)), "media_category": "tweet_image", "media_type": "image/png"}, "")
	init := rec("initialize", "POST", "/2/media/upload/initialize", "/2/media/upload/initialize", tok,
		map[string]any{"media_type": "video/mp4", "total_bytes": 2048, "media_category": "tweet_video"}, "")
	vid := init.json(t)["data"].(map[string]any)["id"].(string)
	rec("initialize too big", "POST", "/2/media/upload/initialize", "/2/media/upload/initialize", tok,
		map[string]any{"media_type": "image/png", "total_bytes": ImageSizeCap + 1, "media_category": "tweet_image"}, "")
	recMultipart("append out of order", "/2/media/upload/{id}/append", "/2/media/upload/"+vid+"/append", map[string]string{"segment_index": "1"}, fileOf(mp4Head, 1024))
	recMultipart("append 0", "/2/media/upload/{id}/append", "/2/media/upload/"+vid+"/append", map[string]string{"segment_index": "0"}, fileOf(mp4Head, 1024))
	rec("finalize short", "POST", "/2/media/upload/{id}/finalize", "/2/media/upload/"+vid+"/finalize", tok, nil, "")
	rec("append 1 json", "POST", "/2/media/upload/{id}/append", "/2/media/upload/"+vid+"/append", tok,
		map[string]any{"segment_index": 1, "media": base64.StdEncoding.EncodeToString(make([]byte, 1024))}, "")
	rec("finalize", "POST", "/2/media/upload/{id}/finalize", "/2/media/upload/"+vid+"/finalize", tok, nil, "")
	rec("status pending", "GET", "/2/media/upload", "/2/media/upload?command=STATUS&media_id="+vid, tok, nil, "")
	rec("status done", "GET", "/2/media/upload", "/2/media/upload?command=STATUS&media_id="+vid, tok, nil, "")
	rec("status image", "GET", "/2/media/upload", "/2/media/upload?command=STATUS&media_id="+img, tok, nil, "")
	s.SetFaults(Faults{FailProcessing: true})
	gif, _ := uploadChunked(t, s, tok, "image/gif", "tweet_gif", fileOf(gifHead, 300), 300)
	rec("status gif in progress", "GET", "/2/media/upload", "/2/media/upload?command=STATUS&media_id="+gif, tok, nil, "")
	rec("status gif failed", "GET", "/2/media/upload", "/2/media/upload?command=STATUS&media_id="+gif, tok, nil, "")
	s.SetFaults(Faults{})
	rec("status unknown", "GET", "/2/media/upload", "/2/media/upload?command=STATUS&media_id=42", tok, nil, "")
	rec("status someone else's", "GET", "/2/media/upload", "/2/media/upload?command=STATUS&media_id="+img, otherTok, nil, "")
	rec("metadata", "POST", "/2/media/metadata", "/2/media/metadata", tok,
		map[string]any{"id": img, "metadata": map[string]any{"alt_text": map[string]any{"text": "a square"}}}, "")
	rec("metadata too long", "POST", "/2/media/metadata", "/2/media/metadata", tok,
		map[string]any{"id": img, "metadata": map[string]any{"alt_text": map[string]any{"text": strings.Repeat("a", 1001)}}}, "")

	// Posts.
	first := rec("create", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": "hello", "media": map[string]any{"media_ids": []string{img}}}, "").json(t)["data"].(map[string]any)["id"].(string)
	rec("create reply", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": "more", "reply": map[string]any{"in_reply_to_tweet_id": first}, "reply_settings": "subscribers"}, "")
	rec("create poll", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": "vote", "poll": map[string]any{"options": []string{"A", "B"}, "duration_minutes": 60}, "paid_partnership": true}, "")
	rec("create video", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": "clip", "media": map[string]any{"media_ids": []string{vid}}}, "")
	rec("create duplicate", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": "hello"}, "")
	rec("create too long", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": strings.Repeat("a", 281)}, "")
	rec("create form", "POST", "/2/tweets", "/2/tweets", tok, "text=x", "application/x-www-form-urlencoded")
	rec("create exclusive", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": "x", "quote_tweet_id": first, "poll": map[string]any{"options": []string{"A", "B"}, "duration_minutes": 60}}, "")
	rec("create read-only", "POST", "/2/tweets", "/2/tweets", readOnly, map[string]any{"text": "x"}, "")
	rec("create reply to unknown", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": "x", "reply": map[string]any{"in_reply_to_tweet_id": "5"}}, "")
	rec("lookup", "GET", "/2/tweets/{id}", "/2/tweets/"+first+"?tweet.fields=attachments,author_id,created_at,conversation_id,public_metrics,referenced_tweets,reply_settings,paid_partnership,lang,edit_controls,note_tweet&expansions=author_id,attachments.media_keys&media.fields=alt_text", tok, nil, "")
	rec("lookup missing", "GET", "/2/tweets/{id}", "/2/tweets/77", tok, nil, "")
	// 2026: private metrics, references with their authors, edits.
	rec("lookup private metrics", "GET", "/2/tweets/{id}", "/2/tweets/"+first+"?tweet.fields=non_public_metrics,organic_metrics", tok, nil, "")
	rec("lookup another's private metrics", "GET", "/2/tweets/{id}", "/2/tweets/"+first+"?tweet.fields=non_public_metrics,organic_metrics", otherTok, nil, "")
	prem := s.AddUser(User{Username: "prem", SubscriptionType: "Premium"})
	premTok := s.IssueToken(DemoClientID, prem.ID, allScopes).AccessToken
	premPost := createPost(t, s, premTok, map[string]any{"text": "teh", "reply": map[string]any{"in_reply_to_tweet_id": first}})
	rec("create edit", "POST", "/2/tweets", "/2/tweets", premTok, map[string]any{"text": "the", "edit_options": map[string]any{"previous_post_id": premPost}}, "")
	rec("create edit refused", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": "x", "edit_options": map[string]any{"previous_post_id": first}}, "")
	rec("lookup references", "GET", "/2/tweets/{id}", "/2/tweets/"+premPost+"?tweet.fields=edit_controls,author_id&expansions=referenced_tweets.id,referenced_tweets.id.author_id,edit_history_tweet_ids", premTok, nil, "")
	rec("timeline private metrics", "GET", "/2/users/{id}/tweets", "/2/users/1/tweets?tweet.fields=non_public_metrics,organic_metrics,edit_controls&expansions=referenced_tweets.id.author_id", tok, nil, "")
	rec("lookup bad id", "GET", "/2/tweets/{id}", "/2/tweets/abc", tok, nil, "")
	rec("timeline", "GET", "/2/users/{id}/tweets", "/2/users/1/tweets?max_results=5&tweet.fields=created_at,public_metrics,referenced_tweets,attachments,reply_settings&expansions=attachments.poll_ids,referenced_tweets.id,in_reply_to_user_id&poll.fields=options", tok, nil, "")
	rec("timeline attachments", "GET", "/2/users/{id}/tweets", "/2/users/1/tweets?max_results=5&tweet.fields=created_at,public_metrics,referenced_tweets,attachments,note_tweet,author_id,conversation_id&expansions=attachments.media_keys,attachments.poll_ids&media.fields=type,alt_text&poll.fields=options,end_datetime,voting_status,duration_minutes", tok, nil, "")
	rec("timeline max", "GET", "/2/users/{id}/tweets", "/2/users/1/tweets?max_results=3", tok, nil, "")
	rec("timeline empty", "GET", "/2/users/{id}/tweets", "/2/users/"+other.ID+"/tweets", tok, nil, "")
	rec("timeline unknown user", "GET", "/2/users/{id}/tweets", "/2/users/999/tweets", tok, nil, "")
	rec("delete someone else's", "DELETE", "/2/tweets/{id}", "/2/tweets/"+first, otherTok, nil, "")
	rec("delete", "DELETE", "/2/tweets/{id}", "/2/tweets/"+first, tok, nil, "")
	rec("delete again", "DELETE", "/2/tweets/{id}", "/2/tweets/"+first, tok, nil, "")
	clock.Advance(0)
	for i := 0; i < 75; i++ {
		do(t, s, "GET", "/2/users/me", tok, nil, "")
	}
	rec("me rate limited", "GET", "/2/users/me", "/2/users/me", tok, nil, "")
	s.SetFaults(Faults{FailRate: 1})
	rec("injected failure", "POST", "/2/tweets", "/2/tweets", tok, map[string]any{"text": "x"}, "")
	return out
}

// TestAnswersMatchOfficialSpec validates every answer of the scenario
// against the official OpenAPI spec 2.166, when it is at hand.
func TestAnswersMatchOfficialSpec(t *testing.T) {
	t.Parallel()
	path := referenceData(t, "xapi", "openapi-2.166.json")
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		t.Fatalf("loading the spec: %v", err)
	}
	// The spec has one kind of defect that contradicts every documented
	// answer: a schema requiring a property it does not define
	// (MediaUploadResponse and MediaUploadAppendResponse require "meta",
	// ProcessingInfo requires "type"; X's documented media answers, NOTES
	// §2.3, carry neither). Such requirements are dropped; everything else
	// is checked as published.
	dropped := map[string]bool{}
	for name, sc := range doc.Components.Schemas {
		if sc == nil || sc.Value == nil || len(sc.Value.Properties) == 0 {
			continue
		}
		var keep []string
		for _, r := range sc.Value.Required {
			if _, ok := sc.Value.Properties[r]; ok {
				keep = append(keep, r)
			} else {
				dropped[name+"."+r] = true
			}
		}
		sc.Value.Required = keep
	}
	for _, want := range []string{"MediaUploadResponse.meta", "MediaUploadAppendResponse.meta", "ProcessingInfo.type"} {
		if !dropped[want] {
			t.Errorf("the spec no longer requires the undefined %s; revisit this exception", want)
		}
	}
	records := conformanceScenario(t)
	// The timeline as xapi asks for it carries both kinds of includes, so
	// their shapes are checked too.
	found := false
	for _, ex := range records {
		if ex.name != "timeline attachments" {
			continue
		}
		found = true
		for _, want := range []string{`"media":[`, `"alt_text":"a square"`, `"type":"video"`, `"polls":[`, `"voting_status":"open"`, `"votes":0`} {
			if !strings.Contains(string(ex.reply.body), want) {
				t.Errorf("timeline attachments lacks %s: %s", want, ex.reply.body)
			}
		}
	}
	if !found {
		t.Error("the scenario has no timeline attachments answer")
	}
	// The validator must be able to fail: corrupted copies of real answers
	// are rejected.
	for _, bad := range []struct{ name, from, to string }{
		{"post id", `"id":"`, `"id":"x`},
		{"problem title", `"title":`, `"titel":`},
		{"processing state", `"state":"pending"`, `"state":"waiting"`},
	} {
		for _, ex := range records {
			if strings.Contains(string(ex.reply.body), bad.from) {
				ex.reply.body = []byte(strings.Replace(string(ex.reply.body), bad.from, bad.to, 1))
				if validateAnswer(t, doc, ex) == nil {
					t.Errorf("corrupted %s in %q passed validation: %s", bad.name, ex.name, ex.reply.body)
				}
				break
			}
		}
	}
	for _, ex := range records {
		if err := validateAnswer(t, doc, ex); err != nil {
			t.Errorf("%s (%d %s): not valid against the spec: %v", ex.name, ex.reply.status, ex.reply.body, err)
		}
	}
}

// validateAnswer checks one recorded answer against its operation in doc.
func validateAnswer(t *testing.T, doc *openapi3.T, ex exchangeRecord) error {
	t.Helper()
	item := doc.Paths.Find(ex.specPath)
	if item == nil || item.GetOperation(ex.method) == nil {
		t.Fatalf("%s: the spec has no %s %s", ex.name, ex.method, ex.specPath)
	}
	query, err := url.ParseQuery(ex.rawQuery)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(t.Context(), ex.method, "https://api.x.com"+ex.specPath+"?"+ex.rawQuery, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, QueryParams: query,
			Route: &routers.Route{Spec: doc, Path: ex.specPath, PathItem: item, Method: ex.method, Operation: item.GetOperation(ex.method)},
		},
		Status: ex.reply.status, Header: ex.reply.header,
		Options: &openapi3filter.Options{MultiError: true},
	}
	in.SetBodyBytes(ex.reply.body)
	return openapi3filter.ValidateResponse(t.Context(), in)
}

var (
	digitsID    = regexp.MustCompile(`^[0-9]{1,19}$`)
	mediaKeyPat = regexp.MustCompile(`^(3|13|16)_[0-9]{1,19}$`)
)

// TestAnswerShapes checks, without the spec file, the invariants the
// spec imposes on the same scenario: JSON everywhere, problem bodies with
// type and title on every error, digit-string ids and media keys, the
// data/errors/meta envelope, and rate-limit headers on every answer.
func TestAnswerShapes(t *testing.T) {
	t.Parallel()
	for _, ex := range conformanceScenario(t) {
		r := ex.reply
		var body map[string]any
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Errorf("%s: not a JSON object: %s", ex.name, r.body)
			continue
		}
		if r.header.Get("x-rate-limit-limit") == "" {
			t.Errorf("%s: no rate-limit headers", ex.name)
		}
		if r.status >= 400 {
			if r.header.Get("Content-Type") != "application/problem+json" || body["type"] == nil || body["title"] == nil {
				t.Errorf("%s: error is not a problem: %v %s", ex.name, r.header, r.body)
			}
			continue
		}
		if r.status == 200 || r.status == 201 {
			if body["data"] == nil && body["errors"] == nil && body["meta"] == nil {
				t.Errorf("%s: no data, errors or meta: %s", ex.name, r.body)
			}
		}
		walkIDs(t, ex.name, body)
	}
}

// walkIDs checks every id-like field of an answer.
func walkIDs(t *testing.T, name string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			s, isString := x.(string)
			switch {
			case isString && (k == "id" || strings.HasSuffix(k, "_id") && k != "client_id"):
				if !digitsID.MatchString(s) {
					t.Errorf("%s: %s = %q is not a digit string", name, k, s)
				}
			case isString && k == "media_key":
				if !mediaKeyPat.MatchString(s) {
					t.Errorf("%s: media_key = %q", name, s)
				}
			case k == "result_count":
				if _, ok := x.(float64); !ok {
					t.Errorf("%s: result_count = %v", name, x)
				}
			}
			walkIDs(t, name, x)
		}
	case []any:
		for _, x := range v {
			walkIDs(t, name, x)
		}
	}
}
