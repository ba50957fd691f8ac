package ui

// The marks that stand for things wherever they are shown: the composer,
// the lists, the confirmation and the help all use these, so a reader who
// learnt one screen can read the others. A mark goes with a word ("▣ image",
// "↩ replying to") wherever it names a thing, so what it means never rests
// on the mark or its colour alone.
const (
	iconReply   = "↩" // a reply, or what is replied to
	iconQuote   = "❝" // a quote, or what is quoted
	iconImage   = "▣" // an image or a GIF
	iconVideo   = "▶" // a video
	iconPoll    = "▤" // a poll
	iconEdit    = "✎" // an edit of a published post
	iconDone    = "✓" // done: posted, saved, published
	iconProblem = "⚠" // something to fix or to know before going on
)

// mediaIcon is the mark of a kind of media, as drafts name it ("image",
// "gif", "video") or as X does ("photo", "animated_gif", "video").
func mediaIcon(kind string) string {
	switch kind {
	case MediaVideo: // "video" for drafts and X alike
		return iconVideo
	}
	return iconImage
}
