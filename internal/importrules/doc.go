// Package importrules holds the test that enforces the layering of the
// module: cmd → ui, xapi, textcount, and nothing the other way. It has no
// code of its own; it exists so that `go test ./...` and `make lint` check
// the rules on every change instead of leaving them to review.
//
// The rules, checked on every Go file of the module (tests included):
//   - ui and its subpackages never import net/http, golang.org/x/oauth2 or
//     the xapi package: the UI declares the small interfaces it needs and
//     cmd/xpost adapts xapi to them.
//   - xapi and its subpackages never import Bubble Tea, Lip Gloss or
//     Bubbles (charm.land/...): the client is usable without a terminal.
//   - textcount and its subpackages import nothing of this module outside
//     textcount: counting is pure and can be vendored on its own.
//
// An import counts when it is direct or reached through another package of
// this module, so a helper under internal/ cannot carry a forbidden import
// across a boundary.
package importrules
