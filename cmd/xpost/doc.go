// Command xpost is a terminal composer for X: a Bubble Tea UI for posts and
// threads, and scripting commands (count, post, thread, recent, delete).
package main
