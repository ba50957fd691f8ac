// Command tld generates textcount's TLD table (tld_table.go) from
// twitter-text's conformance/tld_lib.yml, the list twitter-text 3.1.0 was
// built with, and checks the list's size (1259 generic TLDs, 1574 in all).
//
// Usage, from the textcount directory:
//
//	go run ./internal/gen/tld -in ../../shared/twitter-text/conformance/tld_lib.yml -out tld_table.go
//
// It is a development tool: building and testing textcount never run it.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/xpostdev/xpost/textcount/internal/gen/tld/tldgen"
)

func main() {
	in := flag.String("in", "", "path of twitter-text's conformance/tld_lib.yml")
	out := flag.String("out", "tld_table.go", "output Go file")
	flag.Parse()
	if *in == "" {
		log.Fatal("missing -in: pass the path of twitter-text's conformance/tld_lib.yml")
	}
	yml, err := os.ReadFile(*in)
	if err != nil {
		log.Fatal(err)
	}
	src, err := tldgen.Generate(yml)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
