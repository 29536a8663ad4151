package main

// runRuns is being written; until then it says so.
func runRuns(env *cliEnv, args []string) error {
	return usagef("the runs command is not available yet")
}
