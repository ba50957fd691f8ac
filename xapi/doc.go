// Package xapi is xpost's client for the X API v2: OAuth 2.0 login with PKCE,
// a token store shared safely between processes, posts, users, media upload
// and thread publishing with a resumable journal.
//
// The shape follows go-github: one [Client] with an overridable base URL, one
// request pipeline ([Client.NewRequest] then [Client.Do]), every call taking
// a context first and returning the result, a [*Response] with rate-limit
// information, and an error that callers inspect with errors.As
// ([*APIError], [*RateLimitError], [*OAuthError]) or errors.Is
// ([ErrLoginRequired]).
//
// Wire format: xapi sends the long-standing names (tweet.fields, classic
// field names) and accepts both the classic and the 2.167 "post" spellings
// when decoding (edit_history_tweet_ids or edit_history_post_ids,
// retweet_count or repost_count, note_tweet or note_post).
//
// The package is not a general X SDK: it covers what a composer needs
// (login, who am I, create/delete/list own posts, media upload, threads). It
// does no terminal I/O and never prints tokens; errors never contain tokens,
// authorization codes or client secrets.
package xapi
