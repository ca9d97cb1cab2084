import ArgumentParser
import EmoStreamCLI

/// Runs `EmoStreamCommand` through ArgumentParser's async entry point; top-level `await Command.main()`
/// would pick the synchronous overload, which refuses an asynchronous root command.
@main
struct EmoStreamMain: AsyncMainProtocol {
    typealias Command = EmoStreamCommand
}
