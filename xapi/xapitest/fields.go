package xapitest

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// Allowed values of the field and expansion query parameters (spec 2.166,
// plus the 2.167 "post" spellings, which the fake accepts as synonyms).
var (
	tweetFieldNames = onceSet("article", "attachments", "author_id", "card_uri", "community_id",
		"context_annotations", "conversation_id", "created_at", "display_text_range", "edit_controls",
		"edit_history_tweet_ids", "entities", "geo", "id", "in_reply_to_user_id", "lang",
		"matched_media_notes", "media_metadata", "non_public_metrics", "note_request_suggestions",
		"note_tweet", "organic_metrics", "paid_partnership", "possibly_sensitive", "promoted_metrics",
		"public_metrics", "referenced_tweets", "reply_settings", "scopes", "source",
		"suggested_source_links", "suggested_source_links_with_counts", "text", "withheld",
		"edit_history_post_ids", "referenced_posts", "note_post")
	tweetExpansionNames = onceSet("article.cover_media", "article.media_entities", "attachments.media_keys",
		"attachments.media_source_tweet", "attachments.poll_ids", "author_id", "edit_history_tweet_ids",
		"entities.mentions.username", "geo.place_id", "in_reply_to_user_id", "entities.note.mentions.username",
		"referenced_tweets.id", "referenced_tweets.id.attachments.media_keys", "referenced_tweets.id.author_id",
		"edit_history_post_ids", "referenced_posts.id", "attachments.media_source_post",
		"referenced_posts.id.attachments.media_keys", "referenced_posts.id.author_id")
	userFieldNames = onceSet("affiliation", "confirmed_email", "connection_status", "created_at", "description",
		"entities", "id", "is_identity_verified", "location", "most_recent_tweet_id", "name", "parody",
		"pinned_tweet_id", "profile_banner_url", "profile_image_url", "protected", "public_metrics",
		"receives_your_dm", "subscription", "subscription_type", "url", "username", "verified",
		"verified_followers_count", "verified_type", "withheld", "most_recent_post_id", "pinned_post_id")
	userExpansionNames = onceSet("affiliation.user_id", "most_recent_tweet_id", "pinned_tweet_id",
		"most_recent_post_id", "pinned_post_id")
	mediaFieldNames = onceSet("alt_text", "duration_ms", "height", "media_key", "non_public_metrics",
		"organic_metrics", "preview_image_url", "promoted_metrics", "public_metrics", "type", "url",
		"variants", "width")
	pollFieldNames  = onceSet("duration_minutes", "end_datetime", "id", "options", "voting_status")
	placeFieldNames = onceSet("contained_within", "country", "country_code", "full_name", "geo", "id",
		"name", "place_type")
)

// synonyms maps the 2.167 "post" spellings to the classic names the fake
// works with internally (and emits).
var synonyms = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"edit_history_post_ids":                      "edit_history_tweet_ids",
		"referenced_posts":                           "referenced_tweets",
		"note_post":                                  "note_tweet",
		"referenced_posts.id":                        "referenced_tweets.id",
		"attachments.media_source_post":              "attachments.media_source_tweet",
		"referenced_posts.id.attachments.media_keys": "referenced_tweets.id.attachments.media_keys",
		"referenced_posts.id.author_id":              "referenced_tweets.id.author_id",
		"most_recent_post_id":                        "most_recent_tweet_id",
		"pinned_post_id":                             "pinned_tweet_id",
	}
})

// onceSet builds the set on first use, so that a binary which holds the
// fake but does not run it (xpost count) does not pay for it at start-up.
func onceSet(names ...string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool { return setOf(names...) })
}

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// fieldSet is a parsed comma-separated field or expansion parameter.
type fieldSet map[string]bool

// queryFields holds the parsed field and expansion parameters of a GET.
type queryFields struct {
	tweet, user, media, poll fieldSet
	expansions               fieldSet
}

// parseList parses one comma-separated parameter (style=form,
// explode=false) against its allowed values, answering X's 400 for an
// unknown value. It reports false when it answered.
func parseList(w http.ResponseWriter, q url.Values, name string, allowed map[string]bool) (fieldSet, bool) {
	set := fieldSet{}
	raw, present := q[name]
	if !present {
		return set, true
	}
	for _, v := range raw {
		for _, f := range strings.Split(v, ",") {
			if !allowed[f] {
				invalidRequest(w, "The `"+name+"` query parameter value ["+f+"] is not one of ["+
					strings.Join(sortedKeys(allowed), ",")+"]", map[string][]string{name: {v}})
				return nil, false
			}
			if syn, ok := synonyms()[f]; ok {
				f = syn
			}
			set[f] = true
		}
	}
	return set, true
}

// parseQueryFields parses the field parameters a post or user lookup
// accepts. tweet.fields and post.fields are both accepted and merged.
func parseQueryFields(w http.ResponseWriter, q url.Values, expansions map[string]bool) (queryFields, bool) {
	var qf queryFields
	var ok bool
	if qf.tweet, ok = parseList(w, q, "tweet.fields", tweetFieldNames()); !ok {
		return qf, false
	}
	post, ok := parseList(w, q, "post.fields", tweetFieldNames())
	if !ok {
		return qf, false
	}
	for f := range post {
		qf.tweet[f] = true
	}
	if qf.user, ok = parseList(w, q, "user.fields", userFieldNames()); !ok {
		return qf, false
	}
	if qf.media, ok = parseList(w, q, "media.fields", mediaFieldNames()); !ok {
		return qf, false
	}
	if qf.poll, ok = parseList(w, q, "poll.fields", pollFieldNames()); !ok {
		return qf, false
	}
	if _, ok = parseList(w, q, "place.fields", placeFieldNames()); !ok {
		return qf, false
	}
	if qf.expansions, ok = parseList(w, q, "expansions", expansions); !ok {
		return qf, false
	}
	// An expansion brings the field it expands into data, as at X.
	for exp, field := range expansionFields() {
		if qf.expansions[exp] && expansions[exp] {
			qf.tweet[field] = true
		}
	}
	return qf, true
}

// expansionFields are the post fields the post expansions read.
var expansionFields = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"author_id":                      "author_id",
		"in_reply_to_user_id":            "in_reply_to_user_id",
		"attachments.media_keys":         "attachments",
		"attachments.poll_ids":           "attachments",
		"referenced_tweets.id":           "referenced_tweets",
		"referenced_tweets.id.author_id": "referenced_tweets",
	}
})

var idPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9]{1,19}$`)
})

// validID checks a path or query id the way X does, answering 400 when it
// is not 1–19 digits.
func validID(w http.ResponseWriter, name, v string) bool {
	if idPattern().MatchString(v) {
		return true
	}
	invalidRequest(w, "The `"+name+"` query parameter value ["+v+"] does not match ^[0-9]{1,19}$",
		map[string][]string{name: {v}})
	return false
}
