/**
 * V8 flags for the language server, passed on its command line by the extension (and by the tests and the bench,
 * which start it as the extension does); the README gives them to other clients. They are not set at run time for a
 * client that starts the server plainly: V8 sizes the heap at start, so there the flag changed nothing (new space
 * stayed 32 MB), and a changed flag made V8 reject the code cache (boot/load.ts) on every start. A server allocates
 * a new tree per keystroke and keeps little: a small young generation (4 MB semi-spaces instead of 16 MB) keeps RSS
 * down and makes each scavenge short. `--optimize-for-size`, used
 * before, saved as much memory but made every lint about twice as slow (bench/results.json, README "Performance").
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
