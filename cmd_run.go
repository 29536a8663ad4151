package main

// runRecipe is being written; until then it says so.
func runRecipe(env *cliEnv, args []string) error {
	return usagef("the run command is not available yet")
}
