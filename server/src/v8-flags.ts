/**
 * V8 flags for the language server, passed on its command line by the extension (and by the tests and the bench,
 * which start it as the extension does), and set at start-up for clients that start it plainly (Neovim, …), where
 * they apply from then on. A server allocates a new tree per keystroke and keeps little: a small young generation
 * (4 MB semi-spaces instead of 16 MB) keeps RSS down and makes each scavenge short. `--optimize-for-size`, used
 * before, saved as much memory but made every lint about twice as slow (bench/results.json, README "Performance").
 */
export const SERVER_V8_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
