package textcount

// entity is a URL or an emoji sequence found in the NFC text, in UTF-16
// code units. length is the UTF-16 length of the entity's text, which can
// differ from the span of its indices (docs/counting.md §6.6): the scan steps by
// length, as the reference does.
type entity struct {
	start  int
	length int
}
