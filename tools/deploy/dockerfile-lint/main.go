// Command dockerfile-lint parses a Dockerfile with BuildKit's own parser and runs the lint
// rules BuildKit applies while parsing instructions (the rules of `docker build --check`
// that need no build context: stage and keyword casing, deprecated instructions, unknown or
// malformed instructions, ...). Any warning or error fails. Offline and without a Docker
// engine; the rules that BuildKit only evaluates while converting to LLB (undefined
// variables, JSON-form CMD recommendation) are not covered.
package main

import (
	"fmt"
	"os"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	result, err := parser.Parse(f)
	if err != nil {
		fmt.Println("FAIL parse:", err)
		os.Exit(1)
	}
	warnings := 0
	for _, w := range result.Warnings {
		fmt.Printf("WARN parser: %s\n", w.Short)
		warnings++
	}
	lint := linter.New(&linter.Config{Warn: func(rule, description, url, msg string, location []parser.Range) {
		line := 0
		if len(location) > 0 {
			line = location[0].Start.Line
		}
		fmt.Printf("WARN %s (line %d): %s\n", rule, line, msg)
		warnings++
	}})
	stages, metaArgs, err := instructions.Parse(result.AST, lint)
	if err != nil {
		fmt.Println("FAIL instructions:", err)
		os.Exit(1)
	}
	fmt.Printf("%d stages, %d global ARGs, %d warnings\n", len(stages), len(metaArgs), warnings)
	if warnings > 0 {
		os.Exit(1)
	}
}
