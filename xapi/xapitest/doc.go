// Package xapitest is an in-memory X API v2 server for tests, demos and
// scripts. It speaks the official wire formats (OAuth 2.0 with PKCE, users,
// posts, chunked and one-shot media upload, problem bodies, rate-limit
// headers) and validates requests the way X does, so a client that works
// against it has exercised the same paths it will take against api.x.com.
//
// A Server holds users, posts, media and tokens in memory, runs on a
// controllable Clock, and can inject faults: a fraction of requests
// answered 500/503 without acting, mutating requests that act and then drop
// the connection, added latency, and expired tokens.
//
// It is not a general mock: it answers only the endpoints xpost uses, keeps
// no uploaded bytes (it counts and hashes them), and is not meant to face
// the internet.
package xapitest
