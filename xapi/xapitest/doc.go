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
//
// Choices where X's documentation leaves room:
//
//   - Media size caps ("5 MB", "15 MB", "512 MB") are binary: 5 MiB for
//     images, 15 MiB for GIFs, 512 MiB for video; one APPEND segment may
//     carry at most 5 MiB, and segments must arrive in order (resending a
//     received index replaces it, so a lost answer can be retried).
//   - Poll options are counted in Unicode code points after NFC
//     normalization (1 to 25); alt text in code points (at most 1000).
//   - Video and GIF processing goes pending → in_progress → succeeded, one
//     step per STATUS poll or per half of Options.ProcessingTime (2 s by
//     default) on the server's clock, whichever is further; an unfinished
//     answer asks to check again after one second. Images succeed at
//     finalize.
//   - A missing post on GET /2/tweets/{id} is a 200 with a
//     resource-not-found partial error; on DELETE it is a 404 with the same
//     problem, and deleting someone else's post is a 403.
//   - Injected failures (FailRate, FailAfterRate) hit the /2 API endpoints,
//     not the OAuth endpoints; latency applies to both.
//   - Duplicate content is the same text by the same author among their
//     live posts of the last 24 hours, compared as sent (before escaping
//     and without the media link).
//   - The media link is one t.co link per post, derived from the post id;
//     entities.urls lists it once per attached media item, with start and
//     end counted in code points of the unescaped text.
//   - Pay-per-use credits (Options.MeterCredits) count requests, not
//     dollars: one credit per successful request to a billable endpoint
//     (users and posts reads, creating and deleting posts, alt text);
//     media upload is free, as on X's price list, and a refused request
//     costs nothing.
//   - The usage cap (Options.UsageCap) counts created posts per period;
//     reads are not capped.
//   - Answers are gzip-compressed whenever the request accepts gzip, with
//     Huffman coding only: X's framing, not its ratio.
package xapitest
