// Command compose-validate loads each Compose file named on the command line with
// compose-go (the library Docker Compose itself uses): the file is checked against the
// Compose specification's JSON schema bundled in the module, interpolated, and its
// references (depends_on, networks, volumes) resolved — what `docker compose config -q`
// does, offline and without a Docker engine or the compose plugin.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	envFile := flag.String("env-file", "", "variables for interpolation (e.g. the .env.example operators copy)")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: compose-validate [-env-file FILE] <compose.yaml>...")
		os.Exit(2)
	}
	failed := false
	for _, file := range flag.Args() {
		var envFiles []string
		if *envFile != "" {
			envFiles = []string{*envFile}
		}
		abs, _ := filepath.Abs(file)
		options, err := cli.NewProjectOptions([]string{abs},
			cli.WithWorkingDirectory(filepath.Dir(abs)),
			cli.WithEnvFiles(envFiles...),
			cli.WithDotEnv,
			cli.WithName("validate"),
		)
		if err == nil {
			project, loadErr := options.LoadProject(context.Background())
			err = loadErr
			if err == nil {
				fmt.Printf("ok    %s: %d services %v\n", file, len(project.ServiceNames()), project.ServiceNames())
				continue
			}
		}
		fmt.Printf("FAIL  %s: %v\n", file, err)
		failed = true
	}
	if failed {
		os.Exit(1)
	}
}
