package main

// runData is being written; until then it says so.
func runData(env *cliEnv, args []string) error {
	return usagef("the data command is not available yet")
}
