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
//   - Pay-per-use credits (Options.MeterCredits) are counted in credits
//     of $0.001 ([Dollar]), the smallest price on X's list, and each
//     billable request costs its line of the 2026 price list ([Prices]).
//     A post whose text holds a URL (found as X's counter finds URLs)
//     costs the URL price whatever else it is; a reply to another author
//     who summoned the user is a summoned reply; an edit is billed as the
//     post it creates; a delete, which X's list does not name, as
//     "Content: Manage" ($0.005). Reads are billed per post or user in
//     the answer's data (not in includes), each once per UTC day; a read
//     of the user's own timeline is an Owned Read. Media upload is free,
//     as on X's list; a refused request costs nothing; with an empty
//     balance every billable request is refused.
//   - Plan rules (Options.Plan) apply alike to both self-serve plans, as
//     NOTES §4.4 records them; a reply to one's own post is always
//     allowed. Of the three 403 details, only the unsummoned reply's is
//     recorded from X; the quote and cashtag ones are worded from X's
//     changelog and manage-posts page.
//   - Edits follow X's announcement (Premium author, own post, within one
//     hour; Options.EditWindow) and its edit-posts page (five edits, a
//     new id per edit, the history on every version, no polls and no
//     replies to others, deleting one version deletes all; the window
//     runs from the original). is_edit_eligible is fixed at creation,
//     as X documents it. No answer refusing an edit is recorded, so
//     those 403 details are the fake's own wording. Only the latest
//     version may be edited, and an edit keeps the post's reply and
//     quote links.
//   - non_public_metrics and organic_metrics are answered to the author
//     for posts younger than 30 days; otherwise the field is left out
//     with a not-authorized-for-field partial error, and the author's
//     timeline leaves such posts out of its pages, as X's timelines page
//     describes.
//   - The usage cap (Options.UsageCap) counts created posts per period;
//     reads are not capped.
//   - Answers are gzip-compressed whenever the request accepts gzip, with
//     Huffman coding only: X's framing, not its ratio.
package xapitest
