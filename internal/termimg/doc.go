// Package termimg draws small pictures in terminals that can show them:
// it finds out which image protocol the terminal speaks (kitty graphics,
// iTerm2 inline images, sixel) from its environment, reads and scales a
// picture with the standard library's decoders (and WebP's from
// golang.org/x/image), and writes the escape sequences of each protocol.
//
// It is for thumbnails beside text that always says the same in words
// (type, dimensions, size); it is not a viewer, and it never decides the
// layout: the caller reserves the cells a picture covers, so a frame's
// width never depends on the sequences.
package termimg
