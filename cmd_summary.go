package main

// runSummary is being written; until then it says so.
func runSummary(env *cliEnv, args []string) error {
	return usagef("the summary command is not available yet")
}
