package main

// runBench is being written; until then it says so.
func runBench(env *cliEnv, args []string) error {
	return usagef("the bench command is not available yet")
}
