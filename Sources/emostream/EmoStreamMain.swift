import ArgumentParser
import EmoStreamCLI

/// The `emostream` executable: `EmoStreamCommand` lives in a library (so tests can parse it), and `@main` cannot
/// be placed on a type from another module, hence this small entry point.
@main
enum EmoStreamMain {
    static func main() async {
        // Inside an async function the asynchronous `main()` of AsyncParsableCommand is the one chosen.
        await EmoStreamCommand.main()
    }
}
