// EmoStreamCLI module.
