import EmoStreamCLI

await EmoStreamCommand.main()
